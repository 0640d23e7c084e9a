import { describe, expect, it } from 'vitest';
import type { JobResult } from '../schemas/job';
import type { ContractContext } from './context';
import { T0, aJob } from './fixtures';

const done: JobResult = { status: 'succeeded', output: { userId: 'u-1' }, finishedAt: T0 + 500 };
const lease = { owner: 'worker-a', now: T0, leaseMs: 30_000, limit: 10 };

export function describeJobs({ store }: ContractContext): void {
  describe('jobs', () => {
    it('enqueues a job once per id', async () => {
      expect(await store().enqueueJob(aJob())).toBe(true);
      expect(await store().enqueueJob(aJob({ action: 'something.else' }))).toBe(false);
      expect(await store().getJob(aJob().id)).toEqual({ ...aJob(), status: 'queued' });
      expect(await store().getJob('nope')).toBeNull();
    });

    it('claims only queued jobs that are due, earliest first, up to the limit', async () => {
      await store().enqueueJob(aJob({ id: 'later', runAt: T0 + 60_000 }));
      await store().enqueueJob(aJob({ id: 'second', runAt: T0 - 1 }));
      await store().enqueueJob(aJob({ id: 'first', runAt: T0 - 2 }));
      await store().enqueueJob(aJob({ id: 'third', runAt: T0 }));
      const claimed = await store().claimJobs({ ...lease, limit: 2 });
      expect(claimed.map((job) => job.id)).toEqual(['first', 'second']);
      expect(claimed[0]).toMatchObject({
        status: 'running',
        leaseOwner: 'worker-a',
        leaseExpiresAt: T0 + 30_000,
      });
      expect(claimed[0]?.leaseToken).not.toBe(claimed[1]?.leaseToken);
      expect((await store().claimJobs(lease)).map((job) => job.id)).toEqual(['third']);
    });

    it('does not hand a leased job to a second claimer', async () => {
      await store().enqueueJob(aJob());
      const results = await Promise.all([
        store().claimJobs(lease),
        store().claimJobs({ ...lease, owner: 'worker-b' }),
      ]);
      expect(results.flat()).toHaveLength(1);
      expect(await store().claimJobs({ ...lease, owner: 'worker-c', now: T0 + 29_999 })).toEqual([]);
    });

    it('puts a job back in the queue as its next attempt, for its lease holder only', async () => {
      await store().enqueueJob(aJob({ maxAttempts: 5 }));
      expect(await store().getJob(aJob().id)).toMatchObject({ maxAttempts: 5, attempt: 1 });
      const [claimed] = await store().claimJobs(lease);
      expect(await store().retryJob(aJob().id, 'someone else', { runAt: T0 + 60_000 })).toBe(false);
      expect(await store().retryJob(aJob().id, claimed?.leaseToken ?? '', { runAt: T0 + 60_000 })).toBe(true);
      expect(await store().getJob(aJob().id)).toMatchObject({
        status: 'queued',
        attempt: 2,
        runAt: T0 + 60_000,
      });
      expect(await store().claimJobs({ ...lease, now: T0 + 59_999 })).toEqual([]);
      const [again] = await store().claimJobs({ ...lease, now: T0 + 60_000 });
      expect(again).toMatchObject({ id: aJob().id, attempt: 2, maxAttempts: 5 });
      expect(await store().retryJob(aJob().id, claimed?.leaseToken ?? '', { runAt: T0 })).toBe(false);
    });

    it('claims a job again after its lease expired and fences the old holder', async () => {
      await store().enqueueJob(aJob());
      const [first] = await store().claimJobs(lease);
      const [second] = await store().claimJobs({ ...lease, owner: 'worker-b', now: T0 + 30_000 });
      expect(second).toMatchObject({ id: aJob().id, leaseOwner: 'worker-b' });
      expect(await store().completeJob(aJob().id, first?.leaseToken ?? '', done)).toBe(false);
      expect(await store().extendLease(aJob().id, first?.leaseToken ?? '', { now: T0, leaseMs: 1 })).toBe(
        false,
      );
      expect(await store().completeJob(aJob().id, second?.leaseToken ?? '', done)).toBe(true);
    });

    it('completes a job once, for the current lease holder, and records the result', async () => {
      await store().enqueueJob(aJob());
      const [claimed] = await store().claimJobs(lease);
      const failed: JobResult = {
        status: 'failed',
        error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true, retryAfterMs: 2000 },
        finishedAt: T0 + 10,
      };
      expect(await store().completeJob(aJob().id, claimed?.leaseToken ?? '', failed)).toBe(true);
      expect(await store().completeJob(aJob().id, claimed?.leaseToken ?? '', done)).toBe(false);
      expect(await store().getJob(aJob().id)).toMatchObject({ status: 'failed', result: failed });
      expect(await store().claimJobs({ ...lease, now: T0 + 10_000_000 })).toEqual([]);
    });

    it('extends a lease for its holder, keeping the job from other claimers', async () => {
      await store().enqueueJob(aJob());
      const [claimed] = await store().claimJobs(lease);
      const extended = await store().extendLease(aJob().id, claimed?.leaseToken ?? '', {
        now: T0 + 20_000,
        leaseMs: 30_000,
      });
      expect(extended).toBe(true);
      expect(await store().claimJobs({ ...lease, owner: 'worker-b', now: T0 + 40_000 })).toEqual([]);
      expect(await store().getJob(aJob().id)).toMatchObject({ leaseExpiresAt: T0 + 50_000 });
    });

    it("releases an owner's running jobs back to the queue on shutdown", async () => {
      await store().enqueueJob(aJob({ id: 'j1' }));
      await store().enqueueJob(aJob({ id: 'j2' }));
      await store().claimJobs({ ...lease, limit: 1 });
      await store().claimJobs({ ...lease, owner: 'worker-b', limit: 1 });
      expect(await store().releaseJobs('worker-a')).toBe(1);
      expect(await store().getJob('j1')).toEqual({ ...aJob({ id: 'j1' }), status: 'queued' });
      expect((await store().claimJobs({ ...lease, owner: 'worker-c' })).map((job) => job.id)).toEqual(['j1']);
    });

    it('cancels queued or running jobs but not finished ones', async () => {
      await store().enqueueJob(aJob({ id: 'queued' }));
      await store().enqueueJob(aJob({ id: 'finished', runAt: T0 - 1 }));
      const [claimed] = await store().claimJobs({ ...lease, limit: 1 });
      await store().completeJob('finished', claimed?.leaseToken ?? '', done);
      expect(await store().cancelJob('queued')).toBe(true);
      expect(await store().cancelJob('finished')).toBe(false);
      expect(await store().cancelJob('nope')).toBe(false);
      expect((await store().getJob('queued'))?.status).toBe('cancelled');
      expect(await store().claimJobs({ ...lease, now: T0 + 10_000_000 })).toEqual([]);
    });

    it('counts jobs by status', async () => {
      for (const id of ['a', 'b', 'c']) await store().enqueueJob(aJob({ id }));
      await store().claimJobs({ ...lease, limit: 1 });
      expect(await store().countJobs('queued')).toBe(2);
      expect(await store().countJobs('running')).toBe(1);
      expect(await store().countJobs('succeeded')).toBe(0);
    });
  });
}

export function describeTimers({ store }: ContractContext): void {
  const timer = { id: 'inst-1:2:1', instanceId: 'inst-1', timerId: 'approve.deadline', fireAt: T0 + 1000 };
  const claim = { owner: 'timers-a', now: T0 + 1000, leaseMs: 10_000, limit: 10 };

  describe('timers', () => {
    it('schedules a timer once per id', async () => {
      expect(await store().scheduleTimer(timer)).toBe(true);
      expect(await store().scheduleTimer({ ...timer, fireAt: T0 })).toBe(false);
      expect(await store().getTimer(timer.id)).toEqual({ ...timer, status: 'scheduled' });
    });

    it('claims due timers only, and not again while leased', async () => {
      await store().scheduleTimer(timer);
      await store().scheduleTimer({ ...timer, id: 'future', fireAt: T0 + 5000 });
      expect(await store().claimDueTimers({ ...claim, now: T0 + 999 })).toEqual([]);
      const claimed = await store().claimDueTimers(claim);
      expect(claimed.map((t) => t.id)).toEqual([timer.id]);
      expect(claimed[0]).toMatchObject({ leaseOwner: 'timers-a', leaseExpiresAt: T0 + 11_000 });
      expect(await store().claimDueTimers({ ...claim, owner: 'timers-b', now: T0 + 4999 })).toEqual([]);
    });

    it('claims timers due by a later time ahead of it, leased from then', async () => {
      await store().scheduleTimer(timer);
      await store().scheduleTimer({ ...timer, id: 'soon', fireAt: T0 + 2500 });
      await store().scheduleTimer({ ...timer, id: 'later', fireAt: T0 + 4000 });
      const ahead = await store().claimDueTimers({ ...claim, now: T0, dueBy: T0 + 3000 });
      expect(ahead.map((t) => t.id)).toEqual([timer.id, 'soon']);
      expect(ahead[1]).toMatchObject({ leaseExpiresAt: T0 + 13_000 });
      // Held until its lease from `dueBy` ends, though due meanwhile.
      expect(await store().claimDueTimers({ ...claim, owner: 'timers-b', now: T0 + 12_999 })).toMatchObject([
        { id: 'later' },
      ]);
      const again = await store().claimDueTimers({ ...claim, owner: 'timers-b', now: T0 + 13_000 });
      expect(again.map((t) => t.id).sort()).toEqual([timer.id, 'soon'].sort());
    });

    it("releases an owner's leased timers, not fired ones nor another owner's", async () => {
      for (const id of ['a', 'b', 'c']) await store().scheduleTimer({ ...timer, id });
      const [a, b] = await store().claimDueTimers({ ...claim, limit: 2 });
      const [c] = await store().claimDueTimers({ ...claim, owner: 'timers-b' });
      expect(await store().markTimerFired(b!.id, b!.leaseToken)).toBe(true);
      expect(await store().releaseTimers('timers-a', T0 + 1000)).toBe(1);
      expect((await store().claimDueTimers({ ...claim, owner: 'timers-c' })).map((t) => t.id)).toEqual([
        a!.id,
      ]);
      expect(await store().markTimerFired(a!.id, a!.leaseToken)).toBe(false);
      expect(c?.id).toBe('c');
    });

    it('claims a timer again after its lease expired and fences the old holder', async () => {
      await store().scheduleTimer(timer);
      const [first] = await store().claimDueTimers(claim);
      const [second] = await store().claimDueTimers({ ...claim, owner: 'timers-b', now: T0 + 11_000 });
      expect(second?.id).toBe(timer.id);
      expect(await store().markTimerFired(timer.id, first?.leaseToken ?? '')).toBe(false);
      expect(await store().markTimerFired(timer.id, second?.leaseToken ?? '')).toBe(true);
      expect((await store().getTimer(timer.id))?.status).toBe('fired');
      expect(await store().claimDueTimers({ ...claim, now: T0 + 1_000_000 })).toEqual([]);
    });

    it('never hands out a cancelled timer', async () => {
      await store().scheduleTimer(timer);
      expect(await store().cancelTimer(timer.id)).toBe(true);
      expect(await store().cancelTimer(timer.id)).toBe(false);
      expect(await store().claimDueTimers(claim)).toEqual([]);
      expect((await store().getTimer(timer.id))?.status).toBe('cancelled');
    });

    it('claims the earliest due first, at most `limit` at a time', async () => {
      for (const [id, at] of [
        ['c', 300],
        ['a', 100],
        ['d', 400],
        ['b', 200],
      ] as const) {
        await store().scheduleTimer({ ...timer, id, fireAt: T0 + at });
      }
      const first = await store().claimDueTimers({ ...claim, limit: 3 });
      expect(first.map((t) => t.id)).toEqual(['a', 'b', 'c']);
      expect((await store().claimDueTimers(claim)).map((t) => t.id)).toEqual(['d']);
    });

    it('never hands one timer to two services claiming at once', async () => {
      for (const id of ['a', 'b', 'c', 'd', 'e']) await store().scheduleTimer({ ...timer, id });
      const [one, two] = await Promise.all([
        store().claimDueTimers({ ...claim, limit: 4 }),
        store().claimDueTimers({ ...claim, owner: 'timers-b', limit: 4 }),
      ]);
      const ids = [...one!, ...two!].map((t) => t.id).sort();
      expect(ids).toEqual([...new Set(ids)]);
      expect(ids.length).toBeGreaterThanOrEqual(4);
    });

    it('tells when the next scheduled timer falls due after a time', async () => {
      expect(await store().nextTimerDue(T0)).toBeNull();
      await store().scheduleTimer(timer);
      await store().scheduleTimer({ ...timer, id: 'later', fireAt: T0 + 9000 });
      await store().scheduleTimer({ ...timer, id: 'gone', fireAt: T0 + 500 });
      await store().cancelTimer('gone');
      expect(await store().nextTimerDue(T0)).toBe(T0 + 1000);
      expect(await store().nextTimerDue(T0 + 1000)).toBe(T0 + 9000);
      expect(await store().nextTimerDue(T0 + 9000)).toBeNull();
    });

    it('counts the timers that are due', async () => {
      await store().scheduleTimer(timer);
      await store().scheduleTimer({ ...timer, id: 'later', fireAt: T0 + 9000 });
      expect(await store().countDueTimers(T0 + 1000)).toBe(1);
      expect(await store().countDueTimers(T0 + 9000)).toBe(2);
    });
  });
}
