import { createHmac } from 'node:crypto';
import type { PersistedState } from '@flowline/engine';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';
import { messageDeliveryId } from './webhooks';

const SECRET = Buffer.from('a webhook secret of enough length');

/**
 * Alerts: a firing alert starts a run that waits for the alert's resolution; the resolved alert,
 * posted to the same URL, is delivered to it. The run takes two resolutions (it waits again after
 * the first), so a retry that reached it twice would show.
 */
const alerts = (id = 'alerts', when = 'body.status == "resolved"') =>
  aWorkflow(id)
    .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
    .variables({ name: 'taken', type: 'number', initial: 0 }, { name: 'note', type: 'string', initial: '' })
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
            when,
            event: 'alert.resolved',
            correlationKey: 'string(body.alertId)',
            payload: { note: 'has(body.note) ? body.note : ""' },
          },
        },
      },
      n.wait('resolved', {
        type: 'event',
        event: 'alert.resolved',
        correlationKey: 'input.alertId',
        output: { taken: 'vars.taken + 1', note: 'string(event.note)' },
      }),
      n.decision('again', [{ id: 'more', when: 'vars.taken < 2' }]),
      n.end('done'),
    )
    .edges('alert -> resolved', 'resolved -> again', 'again:more -> resolved', 'again:default -> done')
    .document();

/** Another workflow waiting for the same event under the same keys: never reached from `alerts`. */
const bystander = aWorkflow('bystander')
  .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
  .nodes(
    n.trigger(),
    n.wait('resolved', { type: 'event', event: 'alert.resolved', correlationKey: 'input.alertId' }),
    n.end('done'),
  )
  .edges('start -> resolved', 'resolved -> done')
  .document();

describe("a webhook call delivered to the workflow's waiting runs", () => {
  let t: TestApp;
  beforeEach(async () => {
    saves.clear();
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.close());

  const saves = new Map<string, number>();
  const publish = async (definition: { id: string }) => {
    const path = `/api/definitions/${definition.id}`;
    const draftRev = saves.get(definition.id) ?? 0;
    const saved = await t.call('dan', 'PUT', path, { definition, draftRev });
    expect(saved.status, await saved.clone().text()).toBe(200);
    saves.set(definition.id, draftRev + 1);
    const published = await t.call('dan', 'POST', `${path}/publish`);
    expect(published.status, await published.clone().text()).toBe(201);
  };
  const send = (
    body: Record<string, unknown>,
    id: string,
    options: { workflowId?: string; signature?: string } = {},
  ) => {
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(t.rt.clock.now() / 1000));
    const signature =
      options.signature ??
      `v1,${createHmac('sha256', SECRET).update(`${id}.${timestamp}.${raw}`).digest('base64')}`;
    return t.call(null, 'POST', `/api/webhooks/${options.workflowId ?? 'alerts'}`, raw, {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
    });
  };
  const answer = async (response: Response, status: number) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const fire = async (alertId: string) =>
    (await answer(await send({ alertId, status: 'firing' }, alertId), 202)).instanceId as string;
  const instance = async (id: string) => (await t.rt.store.getInstance(id))!;
  const varsOf = async (id: string) =>
    ((await instance(id)).snapshot as PersistedState).context.vars as { taken: number; note: string };
  const count = async (workflowId = 'alerts') =>
    (await t.rt.store.listInstances({ workflowId }, { limit: 50 })).items.length;

  it("reaches only this workflow's runs waiting under the key, answers how many, and starts nothing", async () => {
    await publish(alerts());
    await publish(bystander);
    const run = await fire('A1');
    const other = await fire('A2');
    const elsewhere = await t.rt.executor.start({ workflowId: 'bystander', input: { alertId: 'A1' } });

    const delivered = await send({ alertId: 'A1', status: 'resolved', note: 'pool raised' }, 'A1-resolved');
    expect(await answer(delivered, 202)).toEqual({
      event: 'alert.resolved',
      correlationKey: 'A1',
      reached: 1,
    });
    expect(await varsOf(run)).toEqual({ taken: 1, note: 'pool raised' });
    expect(await varsOf(other)).toEqual({ taken: 0, note: '' });
    expect((await instance(elsewhere.id)).rev).toBe(elsewhere.rev);
    expect(await count()).toBe(2);
    // The history says where it came from.
    expect((await t.rt.store.readHistory(run)).at(-1)).toMatchObject({
      actor: 'webhook',
      type: 'event.received',
      data: { event: 'alert.resolved', correlationKey: 'A1', payload: { note: 'pool raised' } },
    });

    // No run waiting under the key is not an error: reached 0, nothing started.
    expect(await answer(await send({ alertId: 'A9', status: 'resolved' }, 'A9-resolved'), 202)).toEqual({
      event: 'alert.resolved',
      correlationKey: 'A9',
      reached: 0,
    });
    expect(await count()).toBe(2);
  });

  it("delivers a signed message once: the sender's retry reaches no run again, a crash half-way loses none", async () => {
    await publish(alerts());
    const first = await fire('B1');
    const second = await fire('B1-replica');
    const resolved = { alertId: 'B1', status: 'resolved', note: 'once' };
    expect(await answer(await send(resolved, 'msg-1'), 202)).toMatchObject({ reached: 1 });
    // The run waits for the resolution again: the retry would be taken were it not the same message.
    expect((await instance(first)).currentNodes).toEqual(['resolved']);
    expect(await answer(await send(resolved, 'msg-1'), 202)).toMatchObject({ reached: 0 });
    expect(await varsOf(first)).toEqual({ taken: 1, note: 'once' });
    // A new message is a new resolution.
    expect(await answer(await send(resolved, 'msg-2'), 202)).toMatchObject({ reached: 1 });
    expect(await instance(first)).toMatchObject({ status: 'completed' });
    expect(await varsOf(second)).toEqual({ taken: 0, note: '' });

    // Two runs under one key; the process died after the first of them took msg-3. The retry
    // reaches the other one only.
    const third = await t.rt.executor.start({ workflowId: 'alerts', input: { alertId: 'C1' } });
    const fourth = await t.rt.executor.start({ workflowId: 'alerts', input: { alertId: 'C1' } });
    await t.rt.executor.send(third.id, {
      type: 'event.received',
      event: 'alert.resolved',
      correlationKey: 'C1',
      payload: { note: 'before the crash' },
      messageId: messageDeliveryId('alerts', 'msg-3'),
      at: t.rt.clock.now(),
    });
    const retry = await send({ alertId: 'C1', status: 'resolved', note: 'retried' }, 'msg-3');
    expect(await answer(retry, 202)).toMatchObject({ reached: 1 });
    expect(await varsOf(third.id)).toEqual({ taken: 1, note: 'before the crash' });
    expect(await varsOf(fourth.id)).toEqual({ taken: 1, note: 'retried' });
  });

  it('reaches a run even when the resolved alert carries the message id of the firing one', async () => {
    await publish(alerts());
    const run = await fire('D1');
    const resolved = await send({ alertId: 'D1', status: 'resolved' }, 'D1');
    expect(await answer(resolved, 202)).toMatchObject({ reached: 1 });
    expect(await varsOf(run)).toMatchObject({ taken: 1 });
    // The firing alert again is still its start's retry.
    expect(await answer(await send({ alertId: 'D1', status: 'firing' }, 'D1'), 202)).toEqual({
      instanceId: run,
    });
  });

  it('refuses with 400 naming the setting a call whose "when" or key fails, changing nothing', async () => {
    await publish(alerts());
    const run = await fire('E1');
    const before = await instance(run);
    // `body.status == …` on a body without status fails: neither a start nor a delivery.
    const noStatus = await answer(await send({ alertId: 'E1' }, 'E1-x'), 400);
    expect(noStatus).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'deliver.when', message: expect.stringContaining('status') }],
    });
    const badKey = await answer(await send({ alertId: { id: 'E1' }, status: 'resolved' }, 'E1-y'), 400);
    expect(badKey).toMatchObject({ issues: [{ path: 'deliver.correlationKey' }] });
    expect((await instance(run)).rev).toBe(before.rev);
    expect(await count()).toBe(1);

    // A "when" that gives no true or false.
    await publish(alerts('alerts', 'body.status'));
    expect(await answer(await send({ alertId: 'E1', status: 'resolved' }, 'E1-z'), 400)).toMatchObject({
      issues: [{ path: 'deliver.when', message: 'it must give true or false, not "resolved"' }],
    });
    expect((await instance(run)).rev).toBe(before.rev);
  });

  it('refuses, as a start is refused, a forged or unsigned call (401) and one to a deactivated workflow (409)', async () => {
    await publish(alerts());
    const run = await fire('F1');
    const resolved = { alertId: 'F1', status: 'resolved' };
    const forged = await send(resolved, 'F1-r', { signature: 'v1,' + Buffer.alloc(32).toString('base64') });
    expect(await answer(forged, 401)).toMatchObject({ code: 'BAD_SIGNATURE' });
    const unsigned = await t.call(null, 'POST', '/api/webhooks/alerts', JSON.stringify(resolved));
    expect(await answer(unsigned, 401)).toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(await varsOf(run)).toMatchObject({ taken: 0 });

    expect((await t.call('dan', 'POST', '/api/definitions/alerts/deactivate')).status).toBe(200);
    expect(await answer(await send(resolved, 'F1-r'), 409)).toMatchObject({ code: 'WORKFLOW_INACTIVE' });
    expect(await varsOf(run)).toMatchObject({ taken: 0 });
    // Once active again, the same message is delivered: the refusal used nothing up.
    expect((await t.call('dan', 'POST', '/api/definitions/alerts/activate')).status).toBe(200);
    expect(await answer(await send(resolved, 'F1-r'), 202)).toMatchObject({ reached: 1 });
  });
});
