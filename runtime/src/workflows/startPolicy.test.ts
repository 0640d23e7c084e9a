import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';

type Trigger = Record<string, unknown> & { type: string };

const startedBy = (id: string, trigger: Trigger) => {
  const document = aWorkflow(id).nodes(n.trigger(), n.end('done')).edges('start -> done').document();
  const start = document.nodes[0] as { trigger: unknown };
  start.trigger = trigger;
  return document;
};

describe('starting through POST /api/instances respects the trigger', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer'], ['cab']);
    await t.user('maria', ['approver']);
  });
  afterEach(() => t.rt.close());

  const start = (who: string, workflowId: string) =>
    t.call(who, 'POST', '/api/instances', { workflowId, input: {} });

  it('refuses an API start of a webhook-, cron- or event-triggered workflow, signed or not', async () => {
    await t.rt.publish(
      startedBy('signed-hook', {
        type: 'webhook',
        signature: { scheme: 'standard-webhooks', secretName: 'itsm' },
      }),
    );
    await t.rt.publish(startedBy('open-hook', { type: 'webhook' }));
    await t.rt.publish(startedBy('nightly', { type: 'cron', schedule: '0 2 * * *' }));
    await t.rt.publish(startedBy('on-event', { type: 'event', event: 'ticket.created' }));
    for (const workflowId of ['signed-hook', 'open-hook', 'nightly', 'on-event']) {
      const refused = await start('dan', workflowId);
      expect(refused.status, workflowId).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'START_NOT_ALLOWED' });
    }
    expect((await t.rt.store.listInstances({}, { limit: 10 })).items).toEqual([]);
    // The webhook itself still starts it (unsigned here: the definition says so).
    const hook = await t.app.request('/api/webhooks/open-hook', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hook.status).toBe(202);
  });

  it('starts manual and form workflows, and only for members of the groups the trigger names', async () => {
    await t.rt.publish(startedBy('by-hand', { type: 'manual' }));
    await t.rt.publish(startedBy('request', { type: 'form' }));
    await t.rt.publish(startedBy('emergency-change', { type: 'manual', startableBy: { groups: ['cab'] } }));
    expect((await start('maria', 'by-hand')).status).toBe(201);
    expect((await start('maria', 'request')).status).toBe(201);
    const outsider = await start('maria', 'emergency-change');
    expect(outsider.status).toBe(403);
    expect(await outsider.json()).toMatchObject({ code: 'START_NOT_ALLOWED', groups: ['cab'] });
    expect((await start('dan', 'emergency-change')).status).toBe(201);
  });

  it('checks the version it starts: an explicit older version with another trigger is refused too', async () => {
    await t.rt.publish(startedBy('moving', { type: 'webhook' }), 1);
    await t.rt.publish(startedBy('moving', { type: 'manual' }), 2);
    expect((await t.call('dan', 'POST', '/api/instances', { workflowId: 'moving', version: 1 })).status).toBe(
      403,
    );
    expect((await t.call('dan', 'POST', '/api/instances', { workflowId: 'moving' })).status).toBe(201);
  });

  it('lets a parent start a subworkflow whatever the child’s trigger says', async () => {
    await t.rt.publish(startedBy('child', { type: 'webhook' }));
    await t.rt.publish(
      aWorkflow('parent')
        .nodes(n.trigger(), n.sub('call', 'child'), n.end('done'))
        .edges('start -> call', 'call -> done')
        .document(),
    );
    const started = await start('maria', 'parent');
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    await t.rt.idle();
    expect(await t.rt.store.getInstance(id)).toMatchObject({ status: 'completed' });
  });
});
