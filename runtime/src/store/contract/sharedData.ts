import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context';
import { T0, aJob, aStep, aTask, anInstance } from './fixtures';

/** Two stores over the same data stand in for two processes (or replicas) sharing it. */
export function describeSharedData({ store, peer }: ContractContext): void {
  describe('two stores sharing the same data', () => {
    it('lets only one of them claim a cron fire', async ({ skip }) => {
      const other = await peer(skip);
      const fire = { workflowId: 'nightly-review', triggerId: 'cron-1', scheduledAt: T0 };
      const claims = await Promise.all([store().claimCronFire(fire), other.claimCronFire(fire)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('shows a version published through one to a reader following publications through the other', async ({
      skip,
    }) => {
      const other = await peer(skip);
      const publish = (workflowId: string) =>
        store().publishVersion({
          workflowId,
          version: 1,
          definition: {},
          publishedAt: T0,
          publishedBy: 'ada',
        });
      await publish('first');
      const seen = (await other.listPublishedSince(0, 10)).map((v) => v.workflowId);
      expect(seen).toEqual(['first']);
      const last = (await other.listPublishedSince(0, 10)).at(-1)?.seq ?? 0;
      await publish('second');
      expect((await other.listPublishedSince(last, 10)).map((v) => v.workflowId)).toEqual(['second']);
    });

    it('shows a deactivation made through one to the next read through the other', async ({ skip }) => {
      const other = await peer(skip);
      const change = { workflowId: 'access-request', changedAt: T0, changedBy: 'ada' };
      expect(await other.getWorkflowActivation('access-request')).toBeNull();
      await store().setWorkflowActive({ ...change, active: false });
      expect(await other.getWorkflowActivation('access-request')).toMatchObject({ active: false });
      await store().setWorkflowActive({ ...change, active: true, changedAt: T0 + 1 });
      expect(await other.getWorkflowActivation('access-request')).toMatchObject({ active: true });
    });

    it('lets exactly one decider win a task across them', async ({ skip }) => {
      const other = await peer(skip);
      await store().createTask(aTask());
      const decision = { outcome: 'approved', by: 'grace', at: T0 };
      const results = await Promise.all([
        store().decideTask('task-1', decision),
        other.decideTask('task-1', { ...decision, outcome: 'rejected', by: 'linus' }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
    });

    it('rejects a stale commit made through the other store', async ({ skip }) => {
      const other = await peer(skip);
      await store().createInstance(anInstance(), { history: [] });
      expect(await other.commitSteps([aStep()])).toEqual([{ ok: true, rev: 2 }]);
      expect(await store().commitSteps([aStep()])).toEqual([{ ok: false, reason: 'conflict' }]);
      expect((await store().getInstance('inst-1'))?.rev).toBe(2);
    });

    it('does not hand a leased job to the other store', async ({ skip }) => {
      const other = await peer(skip);
      await store().enqueueJob(aJob());
      const claim = { owner: 'a', now: T0, leaseMs: 1000, limit: 5 };
      const claimed = await Promise.all([
        store().claimJobs(claim),
        other.claimJobs({ ...claim, owner: 'b' }),
      ]);
      expect(claimed.flat()).toHaveLength(1);
    });
  });
}
