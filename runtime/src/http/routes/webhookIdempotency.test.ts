import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

/** Unsigned: a firing alert starts a run; its resolution goes to the run, or is kept ten minutes. */
const alerts = aWorkflow('alerts')
  .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
  .nodes(
    {
      id: 'alert',
      name: 'Alert',
      kind: 'trigger',
      trigger: {
        type: 'webhook',
        signature: { scheme: 'none' },
        input: { alertId: 'string(body.alertId)' },
        deliver: {
          when: 'body.status == "resolved"',
          event: 'alert.resolved',
          correlationKey: 'string(body.alertId)',
          ttl: 'PT10M',
        },
      },
    },
    n.wait('resolved', { type: 'event', event: 'alert.resolved', correlationKey: 'input.alertId' }),
    n.end('done'),
  )
  .edges('alert -> resolved', 'resolved -> done')
  .document();

describe('an unsigned webhook call named by its Idempotency-Key', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
    const path = '/api/definitions/alerts';
    expect((await t.call('dan', 'PUT', path, { definition: alerts, draftRev: 0 })).status).toBe(200);
    expect((await t.call('dan', 'POST', `${path}/publish`)).status).toBe(201);
  });
  afterEach(() => t.close());

  const send = (body: Record<string, unknown>, key?: string) =>
    t.call(null, 'POST', '/api/webhooks/alerts', JSON.stringify(body), {
      ...(key !== undefined ? { 'Idempotency-Key': key } : {}),
    });
  const answer = async (response: Response, status: number) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const resolved = { alertId: 'A1', status: 'resolved' };
  /** How many messages are kept: a purge far in the future removes (and counts) them. */
  const keptCount = () => t.rt.store.purgeExpiredMessages(Number.MAX_SAFE_INTEGER, 1000);
  const runs = async () => (await t.rt.store.listInstances({}, { limit: 50 })).items;

  it('keeps a retried call once, and its retry reaches no run after one took it', async () => {
    const kept = await answer(await send(resolved, 'mon-1'), 202);
    expect(kept).toMatchObject({ reached: 0, buffered: true, message: { taken: false } });
    expect(await answer(await send(resolved, 'mon-1'), 202)).toEqual(kept);
    const first = (await answer(await send({ alertId: 'A1', status: 'firing' }, 'fire-1'), 202))
      .instanceId as string;
    const second = (await answer(await send({ alertId: 'A1', status: 'firing' }, 'fire-2'), 202))
      .instanceId as string;
    await t.rt.idle();
    const statuses = await Promise.all(
      [first, second].map(async (id) => (await t.rt.store.getInstance(id))!),
    );
    expect(statuses.map((i) => i.status).sort()).toEqual(['completed', 'running']);
    const waiting = statuses.find((i) => i.status === 'running')!;
    expect(await answer(await send(resolved, 'mon-1'), 202)).toMatchObject({
      reached: 0,
      message: { taken: true },
    });
    expect(await t.rt.store.getInstance(waiting.id)).toMatchObject({ rev: waiting.rev });
    expect(await keptCount()).toBe(1);
  });

  it('starts one run for a retried firing call', async () => {
    const once = await answer(await send({ alertId: 'A2', status: 'firing' }, 'fire-A2'), 202);
    expect(await answer(await send({ alertId: 'A2', status: 'firing' }, 'fire-A2'), 202)).toEqual(once);
    expect(await runs()).toHaveLength(1);
  });

  it('treats calls without the header as before: each one is its own message', async () => {
    await answer(await send(resolved), 202);
    await answer(await send(resolved), 202);
    expect(await keptCount()).toBe(2);
  });

  it('refuses a bad key with 400 naming the header, changing nothing', async () => {
    for (const key of ['', 'k'.repeat(201), 'bell\u0001', 'clé']) {
      for (const body of [resolved, { alertId: 'A3', status: 'firing' }]) {
        const refused = await answer(await send(body, key), 400);
        expect(refused, JSON.stringify(key)).toMatchObject({
          code: 'INVALID_INPUT',
          issues: [{ path: 'Idempotency-Key', message: expect.stringContaining('Idempotency-Key header') }],
        });
      }
    }
    expect(await runs()).toHaveLength(0);
    expect(await keptCount()).toBe(0);
    // The longest allowed key, spaces and punctuation included, is taken.
    await answer(await send(resolved, `${'k'.repeat(190)} #1/2:ok`.padEnd(200, '!')), 202);
    expect(await keptCount()).toBe(1);
  });
});
