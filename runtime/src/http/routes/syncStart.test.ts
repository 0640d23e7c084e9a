import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

// POST /api/instances?wait=: many automations call a workflow and need its result in the answer
// (n8n's webhook "respond when the last node finishes"). These check what the answer says in each
// way an instance can stand when the start returns.
const record = (input: Record<string, string>) => ({ action: 'counter.record', input });
const automated = aWorkflow('automated')
  .nodes(
    n.trigger(),
    n.task('call', record({ value: "'x'" })),
    n.end('done', 'completed', { count: 'nodes.call.result.count' }),
  )
  .edges('start -> call', 'call -> done')
  .document();
const busyPeer = aWorkflow('busy-peer')
  .nodes(n.trigger(), n.task('call', record({ failTimes: '5' })), n.end('done'))
  .edges('start -> call', 'call -> done')
  .document();
const refusingPeer = aWorkflow('refusing-peer')
  .nodes(n.trigger(), n.task('call', record({ permanent: 'true' })), n.end('done'))
  .edges('start -> call', 'call -> done')
  .document();
const approval = aWorkflow('needs-approval')
  .nodes(
    n.trigger(),
    n.approval('boss', { assignees: [{ type: 'user', id: 'mia' }] }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges('start -> boss', 'boss:approved -> yes', 'boss:rejected -> no')
  .document();

const hook = {
  id: 'hook',
  name: 'Webhook that answers with its result',
  input: [{ key: 'n', label: 'N', type: 'number', required: true }],
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'webhook', input: { n: 'body.n' } } },
    { id: 'call', name: 'Call', kind: 'task', action: 'counter.record', input: { value: 'input.n' } },
    {
      id: 'done',
      name: 'Done',
      kind: 'end',
      output: { doubled: 'input.n * 2', count: 'nodes.call.result.count' },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'call' },
    { id: 'e2', source: 'call', target: 'done' },
  ],
};

type Started = {
  id: string;
  status: string;
  settled?: string;
  output?: unknown;
  currentNodes: string[];
  incidents?: { nodeId: string; error: { code: string } | null }[];
};

describe('a start that waits for its instance (POST /api/instances?wait=ms)', () => {
  let t: TestApp;
  const start = async (workflowId: string, query = '') => {
    const response = await t.call('dora', 'POST', `/api/instances${query}`, { workflowId, input: {} });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as Started & { issues?: { path: string }[] } };
  };

  beforeAll(async () => {
    t = await createTestApp();
    // Jobs run as in a served runtime: leased to this process's worker in the step that asks.
    t.rt.worker.start();
    await t.user('dora', ['designer']);
    await t.user('mia', ['approver']);
    for (const definition of [automated, busyPeer, refusingPeer, approval, hook]) {
      const id = (definition as { id: string }).id;
      expect(
        (await t.call('dora', 'PUT', `/api/definitions/${id}`, { definition, draftRev: 0 })).status,
      ).toBe(200);
      const published = await t.call('dora', 'POST', `/api/definitions/${id}/publish`);
      expect(published.status, await published.clone().text()).toBe(201);
    }
  });
  afterAll(async () => {
    await t.rt.worker.stop();
    await t.close();
  });

  it('answers with the output once an automated workflow has ended', async () => {
    const { status, body } = await start('automated', '?wait=10000');
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: 'completed',
      settled: 'ended',
      output: { count: expect.any(Number) },
    });
  });

  it('answers as soon as the instance waits for a person, naming where it waits', async () => {
    const { body } = await start('needs-approval', '?wait=10000');
    expect(body).toMatchObject({
      status: 'running',
      settled: 'waiting',
      currentNodes: ['boss'],
      incidents: [],
    });
  });

  it('answers with the incident when a call failed for good and waits for an operator', async () => {
    const { body } = await start('refusing-peer', '?wait=10000');
    expect(body).toMatchObject({ status: 'running', settled: 'waiting' });
    expect(body.incidents?.map((i) => [i.nodeId, i.error?.code])).toEqual([['call', 'REFUSED']]);
  });

  it('says the instance is still working when the wait runs out during retries; the start stands', async () => {
    // The retry is due later on the test clock, which does not move: the wait must run out.
    const { status, body } = await start('busy-peer', '?wait=300');
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'running', settled: 'working' });
    const read = await t.call('dora', 'GET', `/api/instances/${body.id}`);
    expect(read.status).toBe(200);
  });

  it('answers at once, as before, without ?wait', async () => {
    const { body } = await start('automated');
    expect(body.settled).toBeUndefined();
    expect(body.status).toBe('running');
  });

  it("answers a webhook with the workflow's result when it asks to wait (n8n's respond-when-finished)", async () => {
    const post = (query: string) =>
      t.app.request(`/api/webhooks/hook${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n: 21 }),
      });
    const waited = await post('?wait=10000');
    expect(waited.status).toBe(200);
    expect(await waited.json()).toMatchObject({
      status: 'completed',
      settled: 'ended',
      output: { doubled: 42 },
    });
    expect((await post('')).status).toBe(202);
    expect((await post(`?wait=${t.rt.limits.syncStartWaitMs + 1}`)).status).toBe(400);
  });

  it('refuses a wait over the limit by field, and starts nothing', async () => {
    const before = await t.rt.store.listInstances({ workflowId: 'automated' }, { limit: 100 });
    const { status, body } = await start('automated', `?wait=${t.rt.limits.syncStartWaitMs + 1}`);
    expect(status).toBe(400);
    expect(body.issues).toEqual([
      { path: 'wait', message: `Wait at most ${t.rt.limits.syncStartWaitMs} ms` },
    ]);
    const after = await t.rt.store.listInstances({ workflowId: 'automated' }, { limit: 100 });
    expect(after.items).toHaveLength(before.items.length);
    expect((await start('automated', '?wait=-1')).status).toBe(400);
  });
});

describe('starts that wait, beyond limits.syncStartsWaiting', () => {
  it('refuses one more with 429 and Retry-After, and starts nothing for it', async () => {
    const t = await createTestApp({ limits: { syncStartsWaiting: 1 } });
    try {
      t.rt.worker.start();
      await t.user('dora', ['designer']);
      const id = (busyPeer as { id: string }).id;
      await t.call('dora', 'PUT', `/api/definitions/${id}`, { definition: busyPeer, draftRev: 0 });
      expect((await t.call('dora', 'POST', `/api/definitions/${id}/publish`)).status).toBe(201);
      // The first waits on a retry the unmoving test clock never makes due: it holds the one place.
      const first = t.call('dora', 'POST', '/api/instances?wait=1000', { workflowId: id, input: {} });
      while (t.rt.settle.size() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const refused = await t.call('dora', 'POST', '/api/instances?wait=1000', { workflowId: id, input: {} });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED', limit: 'limits.syncStartsWaiting' });
      expect((await first).status).toBe(201);
      const stored = await t.rt.store.listInstances({ workflowId: id }, { limit: 10 });
      expect(stored.items).toHaveLength(1);
      await t.rt.worker.stop();
    } finally {
      await t.close();
    }
  });
});
