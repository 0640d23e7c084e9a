import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';
import type { Away } from '../store';

const DAY = 86_400_000;

/** Maria approves (delegable or not), then, for the second flow, Maria again after Olga. */
const approvalBy = (id: string, allowDelegation: boolean, segregationOfDuties = true) =>
  aWorkflow(id)
    .nodes(
      n.trigger(),
      n.approval('ok', { assignees: [{ type: 'user', id: 'maria' }], allowDelegation, segregationOfDuties }),
      n.end('yes'),
      n.end('no', 'rejected'),
    )
    .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
    .document();

const twoSteps = aWorkflow('two-steps')
  .nodes(
    n.trigger(),
    n.approval('first', { assignees: [{ type: 'user', id: 'olga' }] }),
    n.approval('second', { assignees: [{ type: 'user', id: 'maria' }], allowDelegation: true }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges(
    'start -> first',
    'first:approved -> second',
    'first:rejected -> no',
    'second:approved -> yes',
    'second:rejected -> no',
  )
  .document();

/** Maria and Olga both approve (every assignee a slot of its own). */
const both = aWorkflow('both')
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

describe('a new task for someone who is away', () => {
  let t: TestApp;
  let now: number;
  beforeEach(async () => {
    t = await createTestApp();
    for (const id of ['maria', 'olga', 'piet', 'sam']) await t.user(id, ['approver']);
    await t.user('rita', ['requester', 'approver']);
    await t.rt.publish(approvalBy('delegable', true));
    await t.rt.publish(approvalBy('fixed', false));
    await t.rt.publish(approvalBy('requester-may-decide', true, false));
    await t.rt.publish(twoSteps);
    await t.rt.publish(both);
    now = t.rt.clock.now();
  });
  afterEach(() => t.close());

  const away = (userId: string, delegate: string, extra: Partial<Away> = {}) =>
    t.rt.store.setUserAway(userId, {
      delegate,
      until: now + 7 * DAY,
      setBy: userId,
      setAt: now,
      ...extra,
    });

  async function start(workflowId: string, startedBy = 'rita') {
    const instance = await t.rt.executor.start({ workflowId, input: {}, startedBy });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 5 });
    return { instance, task: items[0]!, history: await t.rt.store.readHistory(instance.id) };
  }

  it('goes to the delegate in the write that creates it; the history says why; only the delegate is mailed', async () => {
    const mailbox = await t.mailbox();
    await away('maria', 'olga', { note: 'Parental leave' });
    const { instance, task, history } = await start('delegable');
    expect(task).toMatchObject({
      assignee: { type: 'user', id: 'olga' },
      delegatedFrom: { type: 'user', id: 'maria' },
      status: 'open',
    });
    // One write: the start and the hand-over are the instance's first revision.
    expect(instance.rev).toBe(1);
    expect(history.map((entry) => entry.type)).toEqual(['instance.started', 'task.delegated']);
    expect(history[1]).toMatchObject({
      nodeId: 'ok',
      data: { to: { type: 'user', id: 'olga' }, by: 'maria' },
      step: { commands: ['task.reassign'] },
    });
    const comment = (history[1]!.data as { comment: string }).comment;
    expect(comment).toContain('Away until 2026-01-12 09:00 UTC');
    expect(comment).toContain('out-of-office setting of maria');
    expect(comment).toContain('Parental leave');
    await t.rt.runJobs();
    expect(mailbox.received().map((mail) => mail.to)).toEqual(['olga@example.com']);
    // Olga's inbox says whom it came from.
    const inbox = (await (await t.call('olga', 'GET', '/api/tasks')).json()) as { items: unknown[] };
    expect(inbox.items).toMatchObject([
      { id: task.id, delegatedFrom: { id: 'maria' }, delegatedFromName: 'maria' },
    ]);
    // The delegate decides; the away approver could not.
    const path = `/api/tasks/${encodeURIComponent(task.id)}/decide`;
    expect((await t.call('maria', 'POST', path, { outcome: 'approved' })).status).toBe(403);
    expect((await t.call('olga', 'POST', path, { outcome: 'approved' })).status).toBe(200);
  });

  it('is handed on when created by a later step too (a decision moves the run on)', async () => {
    await away('maria', 'piet');
    const { instance, task } = await start('two-steps');
    const decided = await t.call('olga', 'POST', `/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome: 'approved',
    });
    expect(decided.status).toBe(200);
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id, status: 'open' }, { limit: 5 });
    expect(items).toMatchObject([
      { nodeId: 'second', assignee: { id: 'piet' }, delegatedFrom: { id: 'maria' } },
    ]);
    expect((await t.rt.store.readHistory(instance.id)).at(-1)).toMatchObject({
      type: 'task.delegated',
      data: { by: 'maria', to: { id: 'piet' } },
    });
  });

  it('stays with its assignee where the step does not allow delegation', async () => {
    await away('maria', 'olga');
    const { task, history } = await start('fixed');
    expect(task.assignee).toEqual({ type: 'user', id: 'maria' });
    expect(task).not.toHaveProperty('delegatedFrom');
    expect(history.map((entry) => entry.type)).toEqual(['instance.started']);
  });

  it('never goes to the run’s requester, even where the step lets the requester decide', async () => {
    await away('maria', 'rita');
    expect((await start('delegable', 'rita')).task.assignee).toEqual({ type: 'user', id: 'maria' });
    const { task, history } = await start('requester-may-decide', 'rita');
    expect(task.assignee).toEqual({ type: 'user', id: 'maria' });
    expect(history).toHaveLength(1);
    // Someone else's run of the same workflow is handed to Rita as usual.
    expect((await start('requester-may-decide', 'olga')).task.assignee.id).toBe('rita');
  });

  it('stays with its assignee before the period starts and once it is over', async () => {
    await away('maria', 'olga', { from: now + DAY });
    expect((await start('delegable')).task.assignee.id).toBe('maria');
    t.rt.clock.advance(DAY);
    expect((await start('delegable')).task.assignee.id).toBe('olga');
    t.rt.clock.advance(6 * DAY);
    expect((await start('delegable')).task.assignee.id).toBe('maria');
  });

  it('stays with its assignee when the delegate may no longer decide (disabled since)', async () => {
    await away('maria', 'olga');
    await t.rt.store.updateUser('olga', { disabled: true });
    expect((await start('delegable')).task.assignee.id).toBe('maria');
  });

  it('follows a delegate who is away too once, and no further, and never round a loop', async () => {
    await away('maria', 'olga');
    await away('olga', 'piet');
    const followed = await start('delegable');
    expect(followed.task).toMatchObject({ assignee: { id: 'piet' }, delegatedFrom: { id: 'olga' } });
    expect(followed.history.slice(1).map((entry) => entry.data)).toMatchObject([
      { by: 'maria', to: { id: 'olga' } },
      { by: 'olga', to: { id: 'piet' } },
    ]);
    // Piet away as well: nobody on the path is there, so the task stays where it was assigned.
    await away('piet', 'sam');
    expect((await start('delegable')).task.assignee.id).toBe('maria');
    // Maria and Olga cover each other and are both away: no loop, the task stays with Maria.
    await away('olga', 'maria');
    const loop = await start('delegable');
    expect(loop.task.assignee.id).toBe('maria');
    expect(loop.history).toHaveLength(1);
  });

  it('does not give one person two places of the same step (their delegate already has one)', async () => {
    await away('maria', 'olga');
    const instance = await t.rt.executor.start({ workflowId: 'both', input: {}, startedBy: 'rita' });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 5 });
    expect(items.map((task) => task.assignee.id).sort()).toEqual(['maria', 'olga']);
    await away('maria', 'piet');
    const other = await t.rt.executor.start({ workflowId: 'both', input: {}, startedBy: 'rita' });
    const handed = await t.rt.store.listTasks({ instanceId: other.id }, { limit: 5 });
    expect(handed.items.map((task) => task.assignee.id).sort()).toEqual(['olga', 'piet']);
  });
});
