import { describe, expect, it } from 'vitest';
import type { Change } from '../schemas/change';
import type { ContractContext } from './context';
import { T0, aStep, aTask, anInstance } from './fixtures';

const without = (changes: Change[]) => changes.map(({ seq: _seq, ...rest }) => rest);

export function describeChanges({ store, peer }: ContractContext): void {
  describe('change feed', () => {
    it('records a start, each move, an incident and the end, in commit order', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().commitSteps([aStep()]);
      // Same nodes, same status: nothing to tell.
      await store().commitSteps([aStep({ expectedRev: 2 })]);
      await store().commitSteps([aStep({ expectedRev: 3, incident: true })]);
      await store().commitSteps([
        aStep({ expectedRev: 4, set: { ...aStep().set, status: 'completed', currentNodes: [] } }),
      ]);
      const changes = await store().readChanges(0, 100);
      expect(without(changes)).toEqual(
        ['started', 'moved', 'incident', 'completed'].map((kind) => ({
          type: 'instance',
          kind,
          instanceId: 'inst-1',
          workflowId: 'access-request',
          status: kind === 'completed' ? 'completed' : 'running',
          startedBy: 'ada',
        })),
      );
      const seqs = changes.map((change) => change.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(await store().readChanges(seqs[1]!, 1)).toEqual([changes[2]]);
    });

    it('records tasks created, delegated (to both assignees), decided and cancelled, and no lost race', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().createTask(aTask());
      await store().createTask(aTask()); // a repeat changes nothing
      await store().createTask(aTask({ id: 'task-2', assignee: { type: 'group', id: 'cab' } }));
      const grace = { type: 'user', id: 'grace' } as const;
      const linus = { type: 'user', id: 'linus' } as const;
      await store().delegateTask('task-1', { from: grace, to: linus });
      await store().decideTask('task-1', { outcome: 'approved', by: 'linus', at: T0 });
      await store().decideTask('task-1', { outcome: 'rejected', by: 'linus', at: T0 }); // lost
      await store().cancelTasks('inst-1');
      const tasks = without(await store().readChanges(0, 100)).filter((change) => change.type === 'task');
      const task = { type: 'task', instanceId: 'inst-1', workflowId: 'access-request' };
      expect(tasks).toEqual([
        { ...task, kind: 'created', taskId: 'task-1', title: aTask().title, assignees: [grace] },
        {
          ...task,
          kind: 'created',
          taskId: 'task-2',
          title: aTask().title,
          assignees: [{ type: 'group', id: 'cab' }],
        },
        { ...task, kind: 'delegated', taskId: 'task-1', title: aTask().title, assignees: [linus, grace] },
        { ...task, kind: 'decided', taskId: 'task-1', title: aTask().title, assignees: [linus] },
        {
          ...task,
          kind: 'cancelled',
          taskId: 'task-2',
          title: aTask().title,
          assignees: [{ type: 'group', id: 'cab' }],
        },
      ]);
    });

    it('records task effects of a step with the step, and nothing of a step that lost its rev check', async () => {
      await store().createInstance(anInstance(), { history: [] });
      const effects = [{ type: 'task.create' as const, task: aTask() }];
      await store().commitSteps([aStep({ expectedRev: 7, effects })]);
      expect((await store().readChanges(0, 100)).map((change) => change.type)).toEqual(['instance']);
      await store().commitSteps([aStep({ effects })]);
      expect((await store().readChanges(0, 100)).map((change) => `${change.type}.${change.kind}`)).toEqual([
        'instance.started',
        'task.created',
        'instance.moved',
      ]);
    });

    it('prunes all but the newest changes; the sequence never goes back', async () => {
      expect(await store().changeFeedBounds()).toEqual({ oldest: 0, latest: 0 });
      for (let i = 1; i <= 5; i++)
        await store().createInstance(anInstance({ id: `inst-${i}` }), { history: [] });
      const all = await store().readChanges(0, 100);
      expect(await store().pruneChanges(2)).toBe(3);
      expect(await store().readChanges(0, 100)).toEqual(all.slice(3));
      expect(await store().changeFeedBounds()).toEqual({ oldest: all[3]!.seq, latest: all[4]!.seq });
      await store().pruneChanges(0);
      expect(await store().changeFeedBounds()).toEqual({ oldest: 0, latest: all[4]!.seq });
      await store().createInstance(anInstance({ id: 'inst-6' }), { history: [] });
      const [next] = await store().readChanges(0, 100);
      expect(next!.seq).toBeGreaterThan(all[4]!.seq);
    });

    it('shows a change committed by another process to a reader of the same data', async ({ skip }) => {
      const other = await peer(skip);
      const { latest } = await store().changeFeedBounds();
      await other.createInstance(anInstance(), { history: [] });
      expect(await store().readChanges(latest, 10)).toMatchObject([
        { kind: 'started', instanceId: 'inst-1' },
      ]);
    });
  });
}
