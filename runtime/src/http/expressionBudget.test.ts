import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

/** "a,a,a,…" of about `bytes` characters: split(",") makes bytes / 2 items. */
const csv = (item: string, bytes: number) => Array.from({ length: bytes / 2 }, () => item).join(',');
const COMPARE = 'a.split(",").exists(x, x in b.split(","))';

/**
 * The findings of the outside review, through the API: an expression over a large input used to
 * hold the event loop for seconds (every other request waited). Each is now stopped by its
 * budget, while it runs, with a clear error.
 */
describe('expression budgets through the API', () => {
  let t: TestApp;
  afterEach(() => t.rt.close());

  it('refuses an unsigned webhook whose input mapping compares two split() lists of a 40 KB body', async () => {
    t = await createTestApp();
    await t.user('dora', ['designer']);
    await t.rt.publish(
      aWorkflow('hook')
        .input({ key: 'same', label: 'Same', type: 'boolean' })
        .nodes(
          {
            id: 'start',
            name: 'start',
            kind: 'trigger',
            trigger: {
              type: 'webhook',
              input: { same: COMPARE.replace(/\b(a|b)\.split/g, 'body.$1.split') },
            },
          },
          n.end('done'),
        )
        .edges('start -> done')
        .document(),
    );
    const response = await t.call(null, 'POST', '/api/webhooks/hook', {
      a: csv('a', 20_000),
      b: csv('b', 20_000),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'same', message: expect.stringMatching(/budget|operations/) }],
    });
    expect((await t.rt.store.listInstances({}, { limit: 10 })).items).toEqual([]);
  });

  it('fails the instance at a decision comparing split() lists of a 20 KB form input, and answers at once', async () => {
    t = await createTestApp();
    await t.user('dora', ['designer']);
    await t.rt.publish(
      aWorkflow('compare')
        .input({ key: 'a', label: 'A', type: 'text' }, { key: 'b', label: 'B', type: 'text' })
        .nodes(
          n.trigger(),
          n.decision('check', [{ id: 'same', when: COMPARE.replace(/\b(a|b)\.split/g, 'input.$1.split') }]),
          n.end('yes'),
          n.end('no', 'rejected'),
        )
        .edges('start -> check', 'check:same -> yes', 'check:default -> no')
        .document(),
    );
    const started = await t.call('dora', 'POST', '/api/instances', {
      workflowId: 'compare',
      input: { a: csv('a', 20_000), b: csv('b', 20_000) },
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const instance = await t.rt.store.getInstance(id);
    expect(instance).toMatchObject({
      status: 'failed',
      error: { nodeId: 'check', code: 'EXPRESSION_BUDGET_EXCEEDED' },
    });
  });

  it('takes its limits from the configuration (limits.expression)', async () => {
    t = await createTestApp({ expressionLimits: { maxOperations: 2_000, maxStepOperations: 2_000 } });
    await t.user('dora', ['designer']);
    await t.rt.publish(
      aWorkflow('sum')
        .input({ key: 'items', label: 'Items', type: 'text' })
        .variables('count')
        .nodes(n.trigger(), n.transform('count', { count: 'size(input.items.split(","))' }), n.end('done'))
        .edges('start -> count', 'count -> done')
        .document(),
    );
    const start = (bytes: number) =>
      t.call('dora', 'POST', '/api/instances', { workflowId: 'sum', input: { items: csv('x', bytes) } });
    const small = (await (await start(200)).json()) as { id: string };
    expect(await t.rt.store.getInstance(small.id)).toMatchObject({ status: 'completed' });
    // 10,000 items fit the default budget easily, not this runtime's.
    const large = (await (await start(20_000)).json()) as { id: string };
    expect(await t.rt.store.getInstance(large.id)).toMatchObject({
      status: 'failed',
      error: { code: 'EXPRESSION_BUDGET_EXCEEDED' },
    });
  });
});
