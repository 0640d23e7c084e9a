import { describe, expect, it } from 'vitest';
import type { Task, TaskDecision } from '../schemas/task';
import type { ContractContext } from './context';
import { T0, aTask } from './fixtures';

const approve = (by: string): TaskDecision => ({ outcome: 'approved', by, at: T0 + 60_000, comment: 'fine' });
const taskIds = (tasks: Task[]): string[] => tasks.map((task) => task.id);

export function describeTasks({ store }: ContractContext): void {
  describe('human tasks', () => {
    it('creates a task once per id, open', async () => {
      expect(await store().createTask(aTask({ dueAt: T0 + 86_400_000 }))).toBe(true);
      expect(await store().createTask(aTask({ title: 'changed' }))).toBe(false);
      expect(await store().getTask('task-1')).toEqual({
        ...aTask({ dueAt: T0 + 86_400_000 }),
        status: 'open',
      });
      expect(await store().getTask('nope')).toBeNull();
    });

    it('lets exactly one of two concurrent deciders win a task', async () => {
      await store().createTask(aTask());
      const rejectIt: TaskDecision = { outcome: 'rejected', by: 'linus', at: T0 + 1, form: { reason: 'no' } };
      const results = await Promise.all([
        store().decideTask('task-1', approve('grace')),
        store().decideTask('task-1', rejectIt),
      ]);
      const winners = results.filter((result) => result.ok);
      expect(winners).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toEqual({ ok: false, reason: 'already_decided' });
      const stored = await store().getTask('task-1');
      expect(stored?.status).toBe('decided');
      expect(winners[0]).toEqual({ ok: true, task: stored });
    });

    it('refuses to decide a cancelled task, and answers not_found for an unknown one', async () => {
      await store().createTask(aTask());
      expect(await store().cancelTasks('inst-1')).toBe(1);
      expect(await store().decideTask('task-1', approve('grace'))).toEqual({
        ok: false,
        reason: 'cancelled',
      });
      expect(await store().decideTask('nope', approve('grace'))).toEqual({ ok: false, reason: 'not_found' });
    });

    it('delegates an open task once; a delegation from a former assignee loses', async () => {
      await store().createTask(aTask());
      const grace = { type: 'user', id: 'grace' } as const;
      const result = await store().delegateTask('task-1', { from: grace, to: { type: 'user', id: 'linus' } });
      expect(result).toMatchObject({
        ok: true,
        task: { assignee: { type: 'user', id: 'linus' }, delegatedFrom: grace, status: 'open' },
      });
      const stale = await store().delegateTask('task-1', { from: grace, to: { type: 'group', id: 'cab' } });
      expect(stale).toEqual({ ok: false, reason: 'assignee_changed' });
      await store().decideTask('task-1', approve('linus'));
      const late = await store().delegateTask('task-1', { from: { type: 'user', id: 'linus' }, to: grace });
      expect(late).toEqual({ ok: false, reason: 'already_decided' });
    });

    it("lists a user's tasks: assigned to them or to one of their groups", async () => {
      await store().createTask(aTask({ id: 'mine' }));
      await store().createTask(
        aTask({ id: 'group', assignee: { type: 'group', id: 'it-ops' }, createdAt: T0 + 1 }),
      );
      await store().createTask(aTask({ id: 'other-group', assignee: { type: 'group', id: 'hr' } }));
      await store().createTask(aTask({ id: 'someone-else', assignee: { type: 'user', id: 'linus' } }));
      await store().createTask(aTask({ id: 'done', createdAt: T0 + 2 }));
      await store().decideTask('done', approve('grace'));
      const filter = { assigneeUserId: 'grace', groups: ['it-ops', 'cab'] };
      expect(taskIds((await store().listTasks(filter, { limit: 10 })).items)).toEqual([
        'mine',
        'group',
        'done',
      ]);
      const open = await store().listTasks({ ...filter, status: 'open' }, { limit: 10 });
      expect(taskIds(open.items)).toEqual(['mine', 'group']);
      const groupOnly = await store().listTasks({ groups: ['hr'] }, { limit: 10 });
      expect(taskIds(groupOnly.items)).toEqual(['other-group']);
    });

    it('pages tasks oldest first', async () => {
      for (let n = 0; n < 5; n += 1) await store().createTask(aTask({ id: `t${n}`, createdAt: T0 + n }));
      await store().createTask(aTask({ id: 'elsewhere', instanceId: 'inst-2' }));
      const seen: string[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await store().listTasks(
          { instanceId: 'inst-1' },
          cursor ? { limit: 2, cursor } : { limit: 2 },
        );
        seen.push(...taskIds(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['t0', 't1', 't2', 't3', 't4']);
    });

    it('cancels the open tasks of an instance, or of one node of it', async () => {
      await store().createTask(aTask({ id: 'a', nodeId: 'approve' }));
      await store().createTask(aTask({ id: 'b', nodeId: 'cab' }));
      await store().createTask(aTask({ id: 'c', nodeId: 'cab' }));
      await store().createTask(aTask({ id: 'other', instanceId: 'inst-2' }));
      await store().decideTask('c', approve('grace'));
      expect(await store().cancelTasks('inst-1', 'cab')).toBe(1);
      expect((await store().getTask('a'))?.status).toBe('open');
      expect(await store().cancelTasks('inst-1')).toBe(1);
      expect((await store().getTask('c'))?.status).toBe('decided');
      expect((await store().getTask('other'))?.status).toBe('open');
    });
  });
}
