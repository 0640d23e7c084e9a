import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

const access = aWorkflow('access')
  .nodes(n.trigger(), n.approval('manager', { assignees: [{ type: 'user', id: 'mia' }] }), n.end('done'))
  .edges('start -> manager', 'manager:approved -> done', 'manager:rejected -> done')
  .document();

describe('a route whose body has no required field takes no body', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('mia', ['approver']);
    await t.user('rob', ['approver']);
    await t.rt.publish(access);
  });
  afterEach(() => t.close());

  const start = async (startedBy: string) =>
    (await t.rt.executor.start({ workflowId: 'access', input: {}, startedBy })).id;

  it('cancels and withdraws without a body, with or without a JSON content type', async () => {
    for (const headers of [{}, { 'content-type': 'application/json' }]) {
      const cancelled = await start('rob');
      const cancel = await t.call('ada', 'POST', `/api/instances/${cancelled}/cancel`, undefined, headers);
      expect(cancel.status, await cancel.clone().text()).toBe(200);
      expect(await t.rt.store.getInstance(cancelled)).toMatchObject({ status: 'cancelled' });

      const withdrawn = await start('rob');
      const withdraw = await t.call(
        'rob',
        'POST',
        `/api/instances/${withdrawn}/withdraw`,
        undefined,
        headers,
      );
      expect(withdraw.status, await withdraw.clone().text()).toBe(200);
      expect(await withdraw.json()).toEqual({ id: withdrawn, status: 'cancelled', withdrawn: true });
    }
  });

  it('still needs a body where a field is required', async () => {
    const id = await start('rob');
    const [task] = (await t.rt.store.listTasks({ instanceId: id }, { limit: 1 })).items;
    const decide = await t.call('mia', 'POST', `/api/tasks/${encodeURIComponent(task!.id)}/decide`);
    expect(decide.status).toBe(400);
    expect(await decide.json()).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: '(body)' }] });
  });
});
