import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';

const approvalBy = (allowDelegation: boolean) =>
  aWorkflow(allowDelegation ? 'delegable' : 'fixed')
    .nodes(
      n.trigger(),
      n.approval('ok', { assignees: [{ type: 'user', id: 'maria' }], allowDelegation }),
      n.end('yes'),
      n.end('no', 'rejected'),
    )
    .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
    .document();

describe('delegating an approval', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('maria', ['approver']);
    await t.user('olga', ['approver']);
    await t.rt.publish(approvalBy(true));
    await t.rt.publish(approvalBy(false));
  });
  afterEach(() => t.close());

  async function openTask(workflowId: string) {
    const instance = await t.rt.executor.start({ workflowId, input: {} });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 });
    return { instance, path: `/api/tasks/${encodeURIComponent(items[0]!.id)}` };
  }

  it('hands the task over through the instance: history, record and e-mail follow', async () => {
    const mailbox = await t.mailbox();
    const { instance, path } = await openTask('delegable');
    const delegated = await t.call('maria', 'POST', `${path}/delegate`, { to: 'olga', comment: 'On leave' });
    expect(delegated.status).toBe(200);
    expect(await delegated.json()).toMatchObject({
      assignee: { type: 'user', id: 'olga' },
      delegatedFrom: { type: 'user', id: 'maria' },
    });
    const history = await t.rt.store.readHistory(instance.id);
    expect(history.at(-1)).toMatchObject({
      type: 'task.delegated',
      nodeId: 'ok',
      actor: 'maria',
      data: { to: { type: 'user', id: 'olga' }, by: 'maria', comment: 'On leave' },
      step: { commands: ['task.reassign'] },
    });
    await t.rt.runJobs();
    expect(
      mailbox
        .received()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['maria@example.com', 'olga@example.com']);

    // Only the new assignee decides now; the old one cannot delegate again.
    expect((await t.call('maria', 'POST', `${path}/decide`, { outcome: 'approved' })).status).toBe(403);
    expect((await t.call('maria', 'POST', `${path}/delegate`, { to: 'maria' })).status).toBe(403);
    expect((await t.call('olga', 'POST', `${path}/delegate`, { to: 'olga' })).status).toBe(400);
    expect((await t.call('olga', 'POST', `${path}/decide`, { outcome: 'approved' })).status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'completed' });
    expect((await t.call('olga', 'POST', `${path}/delegate`, { to: 'maria' })).status).toBe(409);
  });

  it('refuses where the approval does not allow it, and to someone who is not an active user', async () => {
    const fixed = await openTask('fixed');
    expect((await t.call('maria', 'POST', `${fixed.path}/delegate`, { to: 'olga' })).status).toBe(403);
    const open = await openTask('delegable');
    const unknown = await t.call('maria', 'POST', `${open.path}/delegate`, { to: 'nobody' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ issues: [{ path: 'to' }] });
    expect(await t.rt.store.readHistory(open.instance.id)).toHaveLength(1);
  });
});
