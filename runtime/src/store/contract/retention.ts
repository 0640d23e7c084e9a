import { describe, expect, it } from 'vitest';
import type { Store } from '../port';
import type { InstanceStatus } from '../schemas/instance';
import type { ContractContext } from './context';
import { T0, aJob, aStep, aTask, anInstance } from './fixtures';

const DAY = 86_400_000;
const CUTOFF = T0 + 10 * DAY;
const entry = (type: string) => ({ at: T0, type, data: { note: type } });

/** Starts an instance with two history entries and ends it (one more entry) at `endedAt`. */
async function ended(
  store: Store,
  id: string,
  endedAt: number,
  options: { status?: InstanceStatus; workflowId?: string; rootId?: string; keys?: string[] } = {},
) {
  await store.createInstance(
    anInstance({
      id,
      workflowId: options.workflowId ?? 'access-request',
      correlationKeys: options.keys ?? [],
      ...(options.rootId
        ? { parent: { instanceId: options.rootId, childKey: 'c', rootId: options.rootId } }
        : {}),
    }),
    { history: [entry('started'), entry('moved')] },
  );
  const status = options.status ?? 'completed';
  if (status === 'running') return;
  const set = {
    ...aStep().set,
    status,
    currentNodes: [],
    correlationKeys: options.keys ?? [],
    updatedAt: endedAt,
  };
  const [result] = await store.commitSteps([aStep({ instanceId: id, set, history: [entry('ended')] })]);
  expect(result).toMatchObject({ ok: true });
}

const list = (
  store: Store,
  query: { workflowId?: string; exceptWorkflowIds?: string[]; limit?: number } = {},
) => store.listPrunableInstances({ endedBefore: CUTOFF, limit: query.limit ?? 100, ...query });

export function describeRetention({ store, peer, harness }: ContractContext): void {
  describe('retention', () => {
    it('lists instances that ended before the cutoff, oldest end first, never a running one', async () => {
      await ended(store(), 'late', T0 + 3 * DAY, { status: 'failed' });
      await ended(store(), 'early', T0 + DAY, { status: 'cancelled' });
      await ended(store(), 'rejected', T0 + 2 * DAY, { status: 'rejected' });
      await ended(store(), 'recent', CUTOFF);
      await ended(store(), 'running', T0, { status: 'running' });
      expect(await list(store())).toEqual(['early', 'rejected', 'late']);
      expect(await list(store(), { limit: 2 })).toEqual(['early', 'rejected']);
    });

    it('lists one workflow, or every workflow but those with a policy of their own', async () => {
      await ended(store(), 'a', T0 + DAY);
      await ended(store(), 'b', T0 + 2 * DAY, { workflowId: 'onboarding' });
      await ended(store(), 'c', T0 + 3 * DAY, { workflowId: 'change' });
      expect(await list(store(), { workflowId: 'onboarding' })).toEqual(['b']);
      expect(await list(store(), { exceptWorkflowIds: ['onboarding', 'change'] })).toEqual(['a']);
      expect(await list(store(), { exceptWorkflowIds: [] })).toEqual(['a', 'b', 'c']);
    });

    it('keeps an ended instance that still holds an open job, timer, task, command or running child', async () => {
      await ended(store(), 'job', T0);
      await store().enqueueJob(aJob({ id: 'job:1', instanceId: 'job', idempotencyKey: 'job:1' }));
      await ended(store(), 'timer', T0);
      await store().scheduleTimer({ id: 'timer:1', instanceId: 'timer', timerId: 't', fireAt: T0 + DAY });
      await ended(store(), 'task', T0);
      await store().createTask(aTask({ id: 'task:1', instanceId: 'task' }));
      await ended(store(), 'root', T0);
      await ended(store(), 'child', T0, { status: 'running', rootId: 'root' });
      await store().createInstance(
        anInstance({ id: 'outbox', outbox: [{ id: 'outbox:1:0', type: 'notify' }] }),
        {
          history: [],
        },
      );
      await store().commitSteps([
        aStep({ instanceId: 'outbox', set: { ...aStep().set, status: 'completed', updatedAt: T0 } }),
      ]);
      await ended(store(), 'free', T0);
      expect(await list(store())).toEqual(['free']);
      expect(
        await store().pruneInstances(['job', 'timer', 'task', 'root', 'outbox', 'free'], CUTOFF),
      ).toEqual(['free']);

      // Once closed, each may go.
      await store().cancelJob('job:1');
      await store().cancelTimer('timer:1');
      await store().cancelTasks('task');
      await store().markDispatched('outbox', ['outbox:1:0']);
      const [stepped] = await store().commitSteps([
        aStep({ instanceId: 'child', set: { ...aStep().set, status: 'completed', updatedAt: T0 } }),
      ]);
      expect(stepped).toMatchObject({ ok: true });
      expect((await list(store())).sort()).toEqual(['child', 'job', 'outbox', 'root', 'task', 'timer']);
    });

    it('deletes the instance with its history, tasks, jobs, timers and correlation keys, and nothing else', async () => {
      for (const id of ['old', 'kept']) {
        await ended(store(), id, id === 'old' ? T0 : CUTOFF + DAY, { keys: [`order:${id}`] });
        await store().createTask(aTask({ id: `${id}:task`, instanceId: id }));
        await store().decideTask(`${id}:task`, { outcome: 'approved', by: 'grace', at: T0 });
        await store().enqueueJob(aJob({ id: `${id}:job`, instanceId: id, idempotencyKey: `${id}:job` }));
        await store().cancelJob(`${id}:job`);
        await store().scheduleTimer({ id: `${id}:timer`, instanceId: id, timerId: 't', fireAt: T0 });
        await store().cancelTimer(`${id}:timer`);
      }
      expect(await store().pruneInstances(['old', 'kept'], CUTOFF)).toEqual(['old']);

      expect(await store().getInstance('old')).toBeNull();
      expect(await store().readHistory('old')).toEqual([]);
      expect(await store().getTask('old:task')).toBeNull();
      expect(await store().getJob('old:job')).toBeNull();
      expect(await store().getTimer('old:timer')).toBeNull();
      expect(await store().findInstancesByCorrelation('order:old')).toEqual([]);

      expect(await store().getInstance('kept')).not.toBeNull();
      expect(await store().readHistory('kept')).toHaveLength(3);
      expect(await store().getTask('kept:task')).not.toBeNull();
      expect(await store().getJob('kept:job')).not.toBeNull();
      expect(await store().getTimer('kept:timer')).not.toBeNull();
      expect(await store().findInstancesByCorrelation('order:kept')).toHaveLength(1);
    });

    it('skips ids already gone, and two prunes at once delete each instance once', async () => {
      const ids = ['p1', 'p2', 'p3', 'p4'];
      for (const id of ids) await ended(store(), id, T0);
      // Another process's store where the adapter has one, else the same store twice.
      const other = harness().openPeer
        ? await peer(() => {
            throw new Error('a peer was offered');
          })
        : store();
      const [first, second] = await Promise.all([
        store().pruneInstances(ids, CUTOFF),
        other.pruneInstances([...ids].reverse(), CUTOFF),
      ]);
      expect([...first, ...second].sort()).toEqual(ids);
      expect(await store().pruneInstances([...ids, 'never-was'], CUTOFF)).toEqual([]);
      expect(await list(store())).toEqual([]);
    });

    it('stores, lists, replaces and deletes per-workflow policies', async () => {
      const policy = { workflowId: 'onboarding', endedInstancesDays: 30, updatedAt: T0, updatedBy: 'ada' };
      expect(await store().getRetentionPolicy('onboarding')).toBeNull();
      await store().setRetentionPolicy({ ...policy, mode: 'archive' });
      await store().setRetentionPolicy({ ...policy, workflowId: 'access', endedInstancesDays: null });
      expect(await store().getRetentionPolicy('onboarding')).toEqual({ ...policy, mode: 'archive' });
      await store().setRetentionPolicy({ ...policy, endedInstancesDays: 7, updatedAt: T0 + 1 });
      expect(await store().listRetentionPolicies()).toEqual([
        { ...policy, workflowId: 'access', endedInstancesDays: null },
        { ...policy, endedInstancesDays: 7, updatedAt: T0 + 1 },
      ]);
      expect(await store().deleteRetentionPolicy('onboarding')).toBe(true);
      expect(await store().deleteRetentionPolicy('onboarding')).toBe(false);
      expect(await store().listRetentionPolicies()).toHaveLength(1);
    });
  });
}
