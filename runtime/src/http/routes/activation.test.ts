import { createHmac } from 'node:crypto';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Instance } from '../../store';
import { createTestApp, type TestApp } from '../testApp';

type Trigger = Record<string, unknown> & { type: string };
const startedBy = (id: string, trigger: Trigger, name = `The ${id} workflow`) => {
  const document = aWorkflow(id).nodes(n.trigger(), n.end('done')).edges('start -> done').document();
  (document.nodes[0] as { trigger: unknown }).trigger = trigger;
  return { ...document, name };
};
const at = (iso: string) => Date.parse(iso);

describe('deactivating and activating a workflow', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
    await t.user('vic', ['viewer']);
    t.rt.clock.set(at('2026-11-29T21:09:30Z'));
  });
  afterEach(() => t.close());

  const deactivate = (id: string, who = 'dan') => t.call(who, 'POST', `/api/definitions/${id}/deactivate`);
  const activate = (id: string, who = 'dan') => t.call(who, 'POST', `/api/definitions/${id}/activate`);
  const start = (workflowId: string, who = 'maria') =>
    t.call(who, 'POST', '/api/instances', { workflowId, input: {} });
  const body = async (response: Response, status: number) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const portal = async () =>
    (
      (await body(await t.call('maria', 'GET', '/api/request-forms'), 200)) as {
        items: { workflowId: string }[];
      }
    ).items.map((f) => f.workflowId);
  /** Drafted and published through the API, as the portal lists drafts. */
  const publish = async (definition: { id: string }) => {
    const path = `/api/definitions/${definition.id}`;
    await body(await t.call('dan', 'PUT', path, { definition, draftRev: 0 }), 200);
    await body(await t.call('dan', 'POST', `${path}/publish`), 201);
  };
  const instancesOf = async (workflowId: string) =>
    (await t.rt.store.listInstances({ workflowId }, { limit: 50 })).items;

  it('refuses an unknown workflow (404), one never published (409), and callers who may not publish (403)', async () => {
    expect((await deactivate('nope')).status).toBe(404);
    expect((await activate('nope')).status).toBe(404);
    const draft = startedBy('draft-only', { type: 'manual' });
    await body(
      await t.call('dan', 'PUT', '/api/definitions/draft-only', { definition: draft, draftRev: 0 }),
      200,
    );
    expect(await body(await deactivate('draft-only'), 409)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/never published/),
    });
    expect((await activate('draft-only')).status).toBe(409);
    await t.rt.publish(startedBy('live', { type: 'manual' }));
    expect((await deactivate('live', 'maria')).status).toBe(403);
    expect((await deactivate('live', 'vic')).status).toBe(403);
    expect(await body(await t.call('dan', 'GET', '/api/definitions/draft-only'), 200)).toMatchObject({
      active: true,
    });
    expect(await t.rt.store.getWorkflowActivation('live')).toBeNull();
  });

  it('deactivates idempotently, says since when and by whom on the definition and the list, and activates again', async () => {
    const definition = startedBy('leave', { type: 'form' }, 'Leave request');
    await body(await t.call('dan', 'PUT', '/api/definitions/leave', { definition, draftRev: 0 }), 200);
    await body(await t.call('dan', 'POST', '/api/definitions/leave/publish'), 201);
    const listed = async () =>
      (
        (await body(await t.call('vic', 'GET', '/api/definitions'), 200)) as {
          items: Record<string, unknown>[];
        }
      ).items[0];
    expect(await listed()).toMatchObject({ workflowId: 'leave', active: true });
    expect(await listed()).not.toHaveProperty('deactivated');

    const deactivated = { at: t.rt.clock.now(), by: 'dan', byName: 'dan' };
    expect(await body(await deactivate('leave'), 200)).toEqual({
      workflowId: 'leave',
      active: false,
      deactivated,
    });
    t.rt.clock.advance(60_000);
    // Again, by someone else: nothing changes, the first stays named.
    expect(await body(await deactivate('leave', 'ada'), 200)).toMatchObject({ active: false, deactivated });
    expect(await listed()).toMatchObject({ active: false, deactivated });
    expect(await body(await t.call('vic', 'GET', '/api/definitions/leave'), 200)).toMatchObject({
      active: false,
      deactivated,
    });

    expect(await body(await activate('leave', 'ada'), 200)).toEqual({ workflowId: 'leave', active: true });
    expect(await body(await activate('leave'), 200)).toEqual({ workflowId: 'leave', active: true });
    expect(await listed()).toMatchObject({ active: true });
    expect(await t.rt.store.getWorkflowActivation('leave')).toMatchObject({ active: true, changedBy: 'ada' });
    expect((await start('leave')).status).toBe(201);
  });

  it('refuses every start while inactive (API, request portal, webhooks signed or not), also of a new version', async () => {
    await publish(startedBy('leave', { type: 'form' }, 'Leave request'));
    await publish(startedBy('hook', { type: 'webhook' }));
    await publish(
      startedBy('signed', {
        type: 'webhook',
        signature: { scheme: 'standard-webhooks', secretName: 'itsm' },
      }),
    );
    expect(await portal()).toEqual(['leave']);
    for (const id of ['leave', 'hook', 'signed']) await body(await deactivate(id), 200);

    const refused = await body(await start('leave'), 409);
    expect(refused).toMatchObject({
      code: 'WORKFLOW_INACTIVE',
      message:
        '"Leave request" was deactivated by dan on 2026-11-29 21:09 UTC; an admin or designer can activate it again',
      workflowId: 'leave',
      deactivatedBy: 'dan',
    });
    expect(await portal()).toEqual([]);

    const unsigned = await t.app.request('/api/webhooks/hook', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await body(unsigned, 409)).toMatchObject({ code: 'WORKFLOW_INACTIVE' });
    const timestamp = String(Math.floor(t.rt.clock.now() / 1000));
    const key = Buffer.from('a webhook secret of enough length');
    const signature = `v1,${createHmac('sha256', key).update(`msg_1.${timestamp}.{}`).digest('base64')}`;
    const signed = await t.app.request('/api/webhooks/signed', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_1',
        'webhook-timestamp': timestamp,
        'webhook-signature': signature,
      },
      body: '{}',
    });
    expect(await body(signed, 409)).toMatchObject({ code: 'WORKFLOW_INACTIVE' });

    // A new version of an inactive workflow stays inactive.
    const v2 = startedBy('leave', { type: 'form' }, 'Leave request v2');
    await body(await t.call('dan', 'PUT', '/api/definitions/leave', { definition: v2, draftRev: 1 }), 200);
    await body(await t.call('dan', 'POST', '/api/definitions/leave/publish'), 201);
    expect(await body(await start('leave'), 409)).toMatchObject({ code: 'WORKFLOW_INACTIVE' });
    expect(await portal()).toEqual([]);
    for (const id of ['leave', 'hook', 'signed']) expect(await instancesOf(id)).toEqual([]);

    await body(await activate('leave'), 200);
    expect(await portal()).toEqual(['leave']);
    expect(await body(await start('leave'), 201)).toMatchObject({ version: 2 });
  });

  it('says a workflow is inactive before checking the request form, as its webhook does', async () => {
    const leave = startedBy('leave', { type: 'form' }, 'Leave request');
    leave.input = [{ key: 'days', label: 'Days', type: 'number', required: true }];
    await publish(leave);
    await body(await deactivate('leave'), 200);
    expect(await body(await start('leave'), 409)).toMatchObject({ code: 'WORKFLOW_INACTIVE' });
    expect(await instancesOf('leave')).toEqual([]);
    await body(await activate('leave'), 200);
    expect(await body(await start('leave'), 400)).toMatchObject({ issues: [{ path: 'days' }] });
  });

  it('lets instances already running go on to their end: their tasks, timers and events', async () => {
    await t.rt.publish(
      aWorkflow('onboarding')
        .nodes(
          n.trigger(),
          n.approval('ok', { assignees: [{ type: 'user', id: 'maria' }] }),
          n.wait('pause', { type: 'duration', duration: 'PT1H' }),
          n.wait('hold', { type: 'event', event: 'go', correlationKey: "'k'" }),
          n.end('done'),
          n.end('no', 'rejected'),
        )
        .edges('start -> ok', 'ok:approved -> pause', 'ok:rejected -> no', 'pause -> hold', 'hold -> done')
        .document(),
    );
    const { id } = await body(await start('onboarding', 'dan'), 201);
    await body(await deactivate('onboarding'), 200);

    const { items } = (await body(await t.call('maria', 'GET', '/api/tasks'), 200)) as {
      items: { id: string }[];
    };
    await body(
      await t.call('maria', 'POST', `/api/tasks/${encodeURIComponent(items[0]!.id)}/decide`, {
        outcome: 'approved',
      }),
      200,
    );
    t.rt.clock.advance(3_600_000);
    await t.rt.timers.fireDue();
    await t.rt.idle();
    await body(await t.call('ada', 'POST', '/api/events', { event: 'go', correlationKey: 'k' }), 202);
    await t.rt.idle();
    expect(await t.rt.store.getInstance(id as string)).toMatchObject({ status: 'completed' });
  });

  it('refuses a subworkflow start from another workflow: the calling instance holds the refusal as an incident', async () => {
    await t.rt.publish(startedBy('child', { type: 'manual' }, 'Provision account'));
    await t.rt.publish(
      aWorkflow('parent')
        .nodes(n.trigger(), n.sub('call', 'child'), n.end('done'))
        .edges('start -> call', 'call -> done')
        .document(),
    );
    await body(await deactivate('child'), 200);
    const { id } = await body(await start('parent'), 201);
    await t.rt.idle();
    const parent = (await t.rt.store.getInstance(id as string)) as Instance;
    expect(parent).toMatchObject({ status: 'running', currentNodes: ['call'], openIncidents: 1 });
    const refused = (parent.snapshot as { context: { refused?: Record<string, unknown> } }).context.refused;
    expect(refused).toEqual({
      call: {
        code: 'WORKFLOW_INACTIVE',
        message: expect.stringMatching(/^"Provision account" was deactivated by dan on .*activate it again$/),
      },
    });
    expect(await instancesOf('child')).toEqual([]);

    // Activated again, an operator's retry starts it.
    await body(await activate('child'), 200);
    await body(await t.call('ada', 'POST', `/api/instances/${id as string}/retry`, { nodeId: 'call' }), 200);
    await t.rt.idle();
    expect(await t.rt.store.getInstance(id as string)).toMatchObject({ status: 'completed' });
  });

  it('disarms its schedule while inactive, says so on the definition, and re-arms it from the activation without catching up', async () => {
    const nightly = {
      ...startedBy('nightly', { type: 'cron', schedule: '0 * * * *', timezone: 'UTC', catchUp: 'all' }),
    };
    t.rt.clock.set(at('2026-01-05T09:30:00Z'));
    await body(
      await t.call('dan', 'PUT', '/api/definitions/nightly', { definition: nightly, draftRev: 0 }),
      200,
    );
    await body(await t.call('dan', 'POST', '/api/definitions/nightly/publish'), 201);
    await t.cron.tick(at('2026-01-05T10:00:00.005Z'));
    expect(await instancesOf('nightly')).toHaveLength(1);

    t.rt.clock.set(at('2026-01-05T10:10:00Z'));
    await body(await deactivate('nightly'), 200);
    expect(await body(await t.call('dan', 'GET', '/api/definitions/nightly'), 200)).toMatchObject({
      active: false,
      cron: { state: 'inactive', version: 1, schedule: '0 * * * *', since: at('2026-01-05T10:10:00Z') },
    });
    for (const hour of ['11', '12', '13']) await t.cron.tick(at(`2026-01-05T${hour}:00:00.005Z`));
    expect(await instancesOf('nightly')).toHaveLength(1);
    // Disarmed: not one fire claimed (and refused), the cursor waits where it was.
    expect(await t.rt.store.getCronCursor('nightly', 'start')).toMatchObject({
      nextDueAt: at('2026-01-05T11:00:00Z'),
    });

    t.rt.clock.set(at('2026-01-05T13:20:00Z'));
    await body(await activate('nightly'), 200);
    expect(await body(await t.call('dan', 'GET', '/api/definitions/nightly'), 200)).toMatchObject({
      active: true,
      cron: { state: 'armed' },
    });
    // The fires of 11:00 to 13:00 are not made up, whatever the catch-up policy says; 14:00 fires.
    await t.cron.tick(at('2026-01-05T13:20:00.005Z'));
    expect(await instancesOf('nightly')).toHaveLength(1);
    await t.cron.tick(at('2026-01-05T14:00:00.005Z'));
    expect(await instancesOf('nightly')).toHaveLength(2);
  });
});
