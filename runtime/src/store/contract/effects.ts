import { describe, expect, it } from 'vitest';
import type { StoreEffect } from '../schemas/effect';
import type { JobResult } from '../schemas/job';
import type { ContractContext } from './context';
import { T0, aJob, aStep, aTask, anInstance } from './fixtures';

const done: JobResult = { status: 'succeeded', output: { userId: 'u-1' }, finishedAt: T0 + 500 };
const timer = { id: 'inst-1:t1', instanceId: 'inst-1', timerId: 't1', fireAt: T0 + 60_000 };
const decision = { outcome: 'approved', by: 'grace', at: T0 + 100 };

export function describeEffects({ store }: ContractContext): void {
  describe('step effects', () => {
    it('applies the effects of a step together with it', async () => {
      await store().createInstance(anInstance(), { history: [] });
      const effects: StoreEffect[] = [
        { type: 'job.enqueue', job: aJob() },
        { type: 'timer.schedule', timer },
        { type: 'task.create', task: aTask() },
      ];
      expect(await store().commitSteps([aStep({ effects })])).toEqual([{ ok: true, rev: 2 }]);
      expect(await store().getJob(aJob().id)).toMatchObject({ status: 'queued' });
      expect(await store().getTimer(timer.id)).toMatchObject({ status: 'scheduled', fireAt: T0 + 60_000 });
      expect(await store().getTask(aTask().id)).toMatchObject({ status: 'open' });
    });

    it('applies none of the effects of a step that loses its rev check', async () => {
      await store().createInstance(anInstance(), { history: [] });
      const effects: StoreEffect[] = [
        { type: 'job.enqueue', job: aJob() },
        { type: 'task.create', task: aTask() },
      ];
      const results = await store().commitSteps([
        aStep({ expectedRev: 7, effects }),
        aStep({ instanceId: 'missing', effects }),
      ]);
      expect(results).toEqual([
        { ok: false, reason: 'conflict' },
        { ok: false, reason: 'not_found' },
      ]);
      expect(await store().getJob(aJob().id)).toBeNull();
      expect(await store().getTask(aTask().id)).toBeNull();
    });

    it('applies the effects of a new instance, and none when its id is taken', async () => {
      await store().createInstance(anInstance(), {
        history: [],
        effects: [{ type: 'job.enqueue', job: aJob() }],
      });
      expect(await store().getJob(aJob().id)).toMatchObject({ status: 'queued' });
      await expect(
        store().createInstance(anInstance(), {
          history: [],
          effects: [{ type: 'job.enqueue', job: aJob({ id: 'second' }) }],
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store().getJob('second')).toBeNull();
    });

    it('completes a job under its current lease only, and commits the step either way', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().enqueueJob(aJob());
      const [claimed] = await store().claimJobs({ owner: 'w', now: T0, leaseMs: 30_000, limit: 1 });
      const stale: StoreEffect = { type: 'job.complete', id: aJob().id, leaseToken: 'lost', result: done };
      expect(await store().commitSteps([aStep({ effects: [stale] })])).toEqual([{ ok: true, rev: 2 }]);
      expect(await store().getJob(aJob().id)).toMatchObject({ status: 'running' });
      const current: StoreEffect = {
        type: 'job.complete',
        id: aJob().id,
        leaseToken: claimed?.leaseToken ?? '',
        result: done,
      };
      await store().commitSteps([aStep({ expectedRev: 2, effects: [current] })]);
      expect(await store().getJob(aJob().id)).toMatchObject({ status: 'succeeded', result: done });
    });

    it('stores a job already leased to its owner, and hands it to nobody else before the lease ends', async () => {
      const lease = { leaseOwner: 'local', leaseToken: 'token-1', leaseExpiresAt: T0 + 15_000 };
      await store().createInstance(anInstance(), {
        history: [],
        effects: [{ type: 'job.enqueue', job: aJob(), lease }],
      });
      expect(await store().getJob(aJob().id)).toMatchObject({
        status: 'running',
        leaseOwner: 'local',
        leaseExpiresAt: T0 + 15_000,
      });
      const claim = { owner: 'other', leaseMs: 30_000, limit: 5 };
      expect(await store().claimJobs({ ...claim, now: T0 + 14_999 })).toEqual([]);
      expect(await store().claimJobs({ ...claim, now: T0 + 15_000 })).toMatchObject([{ id: aJob().id }]);
      expect(await store().completeJob(aJob().id, 'token-1', done)).toBe(false);
    });

    it('cancels jobs, timers and tasks and decides a task with the step', async () => {
      await store().createInstance(anInstance(), {
        history: [],
        effects: [
          { type: 'job.enqueue', job: aJob() },
          { type: 'timer.schedule', timer },
          { type: 'task.create', task: aTask({ id: 'a', nodeId: 'approve' }) },
          { type: 'task.create', task: aTask({ id: 'b', nodeId: 'review' }) },
          { type: 'task.create', task: aTask({ id: 'c', nodeId: 'review' }) },
        ],
      });
      const effects: StoreEffect[] = [
        { type: 'job.cancel', id: aJob().id },
        { type: 'timer.cancel', id: timer.id },
        { type: 'task.decide', id: 'a', decision },
        { type: 'task.cancel', instanceId: 'inst-1', nodeId: 'review' },
      ];
      await store().commitSteps([aStep({ effects })]);
      expect(await store().getJob(aJob().id)).toMatchObject({ status: 'cancelled' });
      expect(await store().getTimer(timer.id)).toMatchObject({ status: 'cancelled' });
      expect(await store().getTask('a')).toMatchObject({ status: 'decided', decision });
      expect((await store().getTask('b'))?.status).toBe('cancelled');
      expect((await store().getTask('c'))?.status).toBe('cancelled');
    });

    it('marks a timer fired with the step under its current lease only', async () => {
      await store().createInstance(anInstance(), {
        history: [],
        effects: [
          { type: 'timer.schedule', timer },
          { type: 'timer.schedule', timer: { ...timer, id: 'other', timerId: 't2' } },
        ],
      });
      const claimed = await store().claimDueTimers({
        owner: 'w',
        now: T0 + 60_000,
        leaseMs: 10_000,
        limit: 5,
      });
      const token = (id: string) => claimed.find((t) => t.id === id)?.leaseToken ?? '';
      const effects: StoreEffect[] = [
        { type: 'timer.fired', id: timer.id, leaseToken: token(timer.id) },
        { type: 'timer.fired', id: 'other', leaseToken: 'lost' },
      ];
      expect(await store().commitSteps([aStep({ effects })])).toEqual([{ ok: true, rev: 2 }]);
      expect(await store().getTimer(timer.id)).toMatchObject({ status: 'fired' });
      expect(await store().getTimer('other')).toMatchObject({ status: 'scheduled' });
    });

    it('hands an open task over with the step, only from its current assignee', async () => {
      await store().createInstance(anInstance(), {
        history: [],
        effects: [{ type: 'task.create', task: aTask() }],
      });
      const grace = { type: 'user' as const, id: 'grace' };
      const olga = { type: 'user' as const, id: 'olga' };
      const stale: StoreEffect = { type: 'task.delegate', id: aTask().id, from: olga, to: grace };
      const current: StoreEffect = { type: 'task.delegate', id: aTask().id, from: grace, to: olga };
      await store().commitSteps([aStep({ effects: [stale] })]);
      expect(await store().getTask(aTask().id)).toMatchObject({ assignee: grace });
      await store().commitSteps([aStep({ expectedRev: 2, effects: [current] })]);
      expect(await store().getTask(aTask().id)).toMatchObject({ assignee: olga, delegatedFrom: grace });
    });

    it('repeats an effect harmlessly: the record keeps its first value and the step still commits', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().enqueueJob(aJob());
      await store().createTask(aTask());
      await store().decideTask(aTask().id, decision);
      const effects: StoreEffect[] = [
        { type: 'job.enqueue', job: aJob({ action: 'other.action' }) },
        { type: 'task.create', task: aTask({ title: 'Changed' }) },
        { type: 'task.decide', id: aTask().id, decision: { ...decision, outcome: 'rejected', by: 'eve' } },
        { type: 'job.cancel', id: 'no-such-job' },
      ];
      expect(await store().commitSteps([aStep({ effects })])).toEqual([{ ok: true, rev: 2 }]);
      expect(await store().getJob(aJob().id)).toMatchObject({ action: aJob().action, status: 'queued' });
      expect(await store().getTask(aTask().id)).toMatchObject({ title: aTask().title, decision });
    });
  });
}
