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

/** Maria and Olga each hold a place: both must approve. */
const bothMustApprove = aWorkflow('both')
  .nodes(
    n.trigger(),
    n.approval('ok', {
      assignees: [
        { type: 'user', id: 'maria' },
        { type: 'user', id: 'olga' },
      ],
      policy: { type: 'all' },
      allowDelegation: true,
    }),
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
    await t.user('piet', ['approver']);
    await t.rt.publish(approvalBy(true));
    await t.rt.publish(approvalBy(false));
    await t.rt.publish(bothMustApprove);
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

  it('refuses to give one person two places of a step: 409 naming "to", nothing changed', async () => {
    const instance = await t.rt.executor.start({ workflowId: 'both', input: {} });
    const tasks = async () => (await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 5 })).items;
    const before = await tasks();
    const maria = before.find((task) => task.assignee.id === 'maria')!;
    const path = `/api/tasks/${encodeURIComponent(maria.id)}/delegate`;
    for (const to of ['olga', 'olga@example.com']) {
      const refused = await t.call('maria', 'POST', path, { to });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({
        code: 'ALREADY_HOLDS_TASK',
        message: expect.stringContaining('already has a task of this step'),
        issues: [{ path: 'to', message: expect.stringContaining('"olga"') }],
      });
    }
    // Its own assignee is refused too, by field.
    const self = await t.call('maria', 'POST', path, { to: 'maria@example.com' });
    expect(self.status).toBe(400);
    expect(await self.json()).toMatchObject({ issues: [{ path: 'to' }] });
    expect(await tasks()).toEqual(before);
    expect(await t.rt.store.readHistory(instance.id)).toHaveLength(1);

    // A delegation that got past the check at the same time as another is refused by the run.
    const sent = await t.rt.executor.send(instance.id, {
      type: 'task.delegated',
      taskKey: maria.id.slice(instance.id.length + 1),
      to: { type: 'user', id: 'olga' },
      by: 'maria',
      at: t.rt.clock.now(),
    });
    expect(sent.changed).toBe(false);
    expect(await tasks()).toEqual(before);

    // Someone without a place takes it; once Olga's task is decided, hers is no longer open.
    expect((await t.call('maria', 'POST', path, { to: 'piet' })).status).toBe(200);
    const olga = before.find((task) => task.assignee.id === 'olga')!;
    const olgaPath = `/api/tasks/${encodeURIComponent(olga.id)}`;
    expect((await t.call('olga', 'POST', `${olgaPath}/delegate`, { to: 'piet' })).status).toBe(409);
  });
});
