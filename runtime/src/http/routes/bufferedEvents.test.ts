import { createHmac } from 'node:crypto';
import type { PersistedState } from '@flowline/engine';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

const SECRET = Buffer.from('a webhook secret of enough length');

/** Started by hand; waits a minute, then for the alert's resolution, keeping its note. */
const incident = aWorkflow('incident')
  .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
  .variables({ name: 'note', type: 'string', initial: '' })
  .nodes(
    n.trigger(),
    n.wait('pause', { type: 'duration', duration: 'PT1M' }),
    n.wait('resolved', {
      type: 'event',
      event: 'alert.resolved',
      correlationKey: 'input.alertId',
      output: { note: 'string(event.note)' },
    }),
    n.end('done'),
  )
  .edges('start -> pause', 'pause -> resolved', 'resolved -> done')
  .document();

/** A firing alert starts a run; its resolution, posted to the same URL, goes to the run (or is kept). */
const alerts = (ttl = 'PT10M') =>
  aWorkflow('alerts')
    .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
    .variables({ name: 'note', type: 'string', initial: '' })
    .nodes(
      {
        id: 'alert',
        name: 'Alert',
        kind: 'trigger',
        trigger: {
          type: 'webhook',
          signature: { scheme: 'standard-webhooks', secretName: 'itsm' },
          input: { alertId: 'string(body.alertId)' },
          deliver: {
            when: 'body.status == "resolved"',
            event: 'alert.resolved',
            correlationKey: 'string(body.alertId)',
            payload: { note: 'has(body.note) ? body.note : ""' },
            ttl,
          },
        },
      },
      n.wait('resolved', {
        type: 'event',
        event: 'alert.resolved',
        correlationKey: 'input.alertId',
        output: { note: 'string(event.note)' },
      }),
      n.end('done'),
    )
    .edges('alert -> resolved', 'resolved -> done')
    .document();

describe('events kept for runs that are not waiting yet', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.close());

  const publish = async (definition: { id: string }) => {
    const path = `/api/definitions/${definition.id}`;
    const saved = await t.call('dan', 'PUT', path, { definition, draftRev: 0 });
    expect(saved.status, await saved.clone().text()).toBe(200);
    return t.call('dan', 'POST', `${path}/publish`);
  };
  const answer = async (response: Response, status: number) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const sendEvent = (extra: Record<string, unknown>) =>
    t.call('dan', 'POST', '/api/events', {
      event: 'alert.resolved',
      correlationKey: 'A1',
      payload: { note: 'disk freed' },
      ...extra,
    });
  const start = async () =>
    (
      await answer(
        await t.call('dan', 'POST', '/api/instances', { workflowId: 'incident', input: { alertId: 'A1' } }),
        201,
      )
    ).id as string;
  /** Past the pause: the runs start waiting for the event. */
  const reachWaits = async () => {
    await t.rt.advance(60_000);
    await t.rt.idle();
  };
  const instance = async (id: string) => (await t.rt.store.getInstance(id))!;
  const noteOf = async (id: string) =>
    ((await instance(id)).snapshot as PersistedState).context.vars['note'] as string;
  /** How many messages are kept, at the end of a test: a purge far in the future removes (and counts) them. */
  const keptCount = () => t.rt.store.purgeExpiredMessages(Number.MAX_SAFE_INTEGER, 1000);

  it('keeps an event no run waits for when a ttl is given, and says so', async () => {
    await publish(incident);
    const now = t.rt.clock.now();
    const kept = await answer(await sendEvent({ ttl: 'PT10M' }), 202);
    expect(kept).toEqual({
      matched: 0,
      delivered: 0,
      buffered: true,
      message: { id: expect.stringMatching(/^event:/), expiresAt: now + 600_000, taken: false },
    });
    const id = (kept.message as { id: string }).id;
    expect(await t.rt.store.getBufferedMessage(id)).toMatchObject({ payload: { note: 'disk freed' } });
    // Without a ttl nothing is kept, and the answer is as it always was.
    expect(await answer(await sendEvent({}), 202)).toEqual({ matched: 0, delivered: 0 });
    expect(await keptCount()).toBe(1);
  });

  it('refuses a bad or too long ttl with a field-level message, delivering and keeping nothing', async () => {
    await publish(incident);
    const run = await start();
    await reachWaits();
    for (const ttl of ['P1M', 'ten minutes', 'PT0S', 'P8D']) {
      const refused = await answer(await sendEvent({ ttl }), 400);
      expect(refused, ttl).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'ttl' }] });
    }
    const tooLong = await answer(await sendEvent({ ttl: 'P8D' }), 400);
    expect((tooLong['issues'] as { message: string }[])[0]?.message).toContain('P7D');
    expect((await instance(run)).status).toBe('running');
    expect(await keptCount()).toBe(0);
  });

  it('gives a kept event to the run that later waits for it, and to one run only', async () => {
    await publish(incident);
    await answer(await sendEvent({ ttl: 'PT10M' }), 202);
    const [first, second] = [await start(), await start()];
    await reachWaits();
    const statuses = [(await instance(first)).status, (await instance(second)).status];
    expect([...statuses].sort()).toEqual(['completed', 'running']);
    expect(await noteOf(statuses[0] === 'completed' ? first : second)).toBe('disk freed');
    expect((await instance(statuses[0] === 'completed' ? second : first)).currentNodes).toEqual(['resolved']);
  });

  it('delivers to runs waiting now, keeping nothing', async () => {
    await publish(incident);
    const run = await start();
    await reachWaits();
    expect(await answer(await sendEvent({ ttl: 'PT10M' }), 202)).toEqual({
      matched: 1,
      delivered: 1,
      buffered: false,
    });
    expect((await instance(run)).status).toBe('completed');
    expect(await keptCount()).toBe(0);
  });

  it('does not keep the retry of a message that reached runs directly', async () => {
    await publish(incident);
    const run = await start();
    await reachWaits();
    const once = { ttl: 'PT10M', messageId: 'mon-5' };
    expect(await answer(await sendEvent(once), 202)).toMatchObject({ delivered: 1, buffered: false });
    expect((await instance(run)).status).toBe('completed');
    expect(await answer(await sendEvent(once), 202)).toEqual({ matched: 0, delivered: 0, buffered: false });
    const later = await start();
    await reachWaits();
    expect((await instance(later)).currentNodes).toEqual(['resolved']);
    expect(await keptCount()).toBe(0);
  });

  it('does not give an expired event, and purges it', async () => {
    await publish(incident);
    await answer(await sendEvent({ ttl: 'PT30S' }), 202);
    const run = await start();
    await reachWaits();
    expect((await instance(run)).currentNodes).toEqual(['resolved']);
    expect(await t.rt.purgeMessages()).toBe(1);
    expect(await keptCount()).toBe(0);
  });

  it('keeps a retried send with the same messageId once', async () => {
    await publish(incident);
    const first = await answer(await sendEvent({ ttl: 'PT10M', messageId: 'mon-77' }), 202);
    t.rt.clock.advance(1000);
    const again = await answer(await sendEvent({ ttl: 'PT10M', messageId: 'mon-77' }), 202);
    expect(again).toEqual(first);
    expect(await keptCount()).toBe(1);
  });

  it('answers a retry without ttl of a kept message as the duplicate it is, reaching no run', async () => {
    await publish(incident);
    const kept = await answer(await sendEvent({ ttl: 'PT10M', messageId: 'mon-9' }), 202);
    // Kept and not taken yet: the retry is told so, and nothing else is kept.
    expect(await answer(await sendEvent({ messageId: 'mon-9' }), 202)).toEqual(kept);
    const [first, second] = [await start(), await start()];
    await reachWaits();
    const runs = [await instance(first), await instance(second)];
    const taker = runs.find((r) => r.status === 'completed')!;
    const other = runs.find((r) => r.status === 'running')!;
    expect(taker).toBeDefined();
    const before = other.rev;
    // Taken by one run: the retry reaches neither that run nor the one waiting now.
    expect(await answer(await sendEvent({ messageId: 'mon-9' }), 202)).toEqual({
      matched: 0,
      delivered: 0,
      buffered: true,
      message: { ...(kept.message as object), taken: true },
    });
    expect(await instance(other.id)).toMatchObject({ currentNodes: ['resolved'], rev: before });
    expect(await keptCount()).toBe(1);
  });

  describe('from a webhook trigger with deliver.ttl', () => {
    const send = (body: Record<string, unknown>, id: string) => {
      const raw = JSON.stringify(body);
      const timestamp = String(Math.floor(t.rt.clock.now() / 1000));
      const signature = `v1,${createHmac('sha256', SECRET).update(`${id}.${timestamp}.${raw}`).digest('base64')}`;
      return t.call(null, 'POST', '/api/webhooks/alerts', raw, {
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': signature,
      });
    };

    it('keeps a resolution that comes before its firing alert, once per webhook-id, for that run', async () => {
      expect((await publish(alerts())).status).toBe(201);
      const now = t.rt.clock.now();
      const resolved = { alertId: 'A9', status: 'resolved', note: 'flapped' };
      const kept = await answer(await send(resolved, 'A9-resolved'), 202);
      expect(kept).toEqual({
        event: 'alert.resolved',
        correlationKey: 'A9',
        reached: 0,
        buffered: true,
        message: { id: expect.stringMatching(/^webhook:alerts:/), expiresAt: now + 600_000, taken: false },
      });
      expect(await answer(await send(resolved, 'A9-resolved'), 202)).toEqual(kept);
      const runId = (await answer(await send({ alertId: 'A9', status: 'firing' }, 'A9'), 202))
        .instanceId as string;
      await t.rt.idle();
      expect((await instance(runId)).status).toBe('completed');
      expect(await noteOf(runId)).toBe('flapped');
      // The retry after the take neither reaches the run nor keeps the call again.
      expect(await answer(await send(resolved, 'A9-resolved'), 202)).toMatchObject({
        reached: 0,
        message: { taken: true },
      });
      expect(await keptCount()).toBe(1);
    });

    it('answers a retried call kept under a version with deliver.ttl as kept, after a version without', async () => {
      expect((await publish(alerts())).status).toBe(201);
      const resolved = { alertId: 'A7', status: 'resolved', note: 'flapped' };
      const kept = await answer(await send(resolved, 'A7-resolved'), 202);
      const runs = [];
      for (const id of ['A7', 'A7-again'])
        runs.push(
          (await answer(await send({ alertId: 'A7', status: 'firing' }, id), 202)).instanceId as string,
        );
      await t.rt.idle();
      const other = (await Promise.all(runs.map(instance))).find((r) => r.status === 'running')!;
      expect(other.currentNodes).toEqual(['resolved']);
      // Version 2 keeps nothing; the call kept under version 1 is still the one message.
      const v2 = structuredClone(alerts()) as { nodes: { trigger?: { deliver?: { ttl?: string } } }[] };
      delete v2.nodes[0]!.trigger!.deliver!.ttl;
      const path = '/api/definitions/alerts';
      expect((await t.call('dan', 'PUT', path, { definition: v2, draftRev: 1 })).status).toBe(200);
      expect((await t.call('dan', 'POST', `${path}/publish`)).status).toBe(201);
      expect(await answer(await send(resolved, 'A7-resolved'), 202)).toEqual({
        ...kept,
        message: { ...(kept.message as object), taken: true },
      });
      expect(await instance(other.id)).toMatchObject({ currentNodes: ['resolved'], rev: other.rev });
    });

    it('refuses to publish a ttl longer than the runtime keeps messages', async () => {
      const refused = await answer(await publish(alerts('P30D')), 422);
      expect(JSON.stringify(refused)).toContain('MESSAGE_TTL_TOO_LONG');
    });
  });
});
