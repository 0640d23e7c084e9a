import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createBacklog } from './backlog';

function refusal(check: () => void): AppError {
  try {
    check();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the start was admitted');
}

const limits = { maxQueuedJobs: 3, maxRetryAfterSeconds: 30 };

describe('bounded admission of starts (limits.backlog)', () => {
  it('admits starts below the limit and refuses them at it, with OVERLOADED and the limit named', () => {
    let refused = 0;
    const backlog = createBacklog({ limits, now: () => 0, onRefused: () => (refused += 1) });
    backlog.queued(2);
    expect(() => backlog.assertRoom()).not.toThrow();
    backlog.queued(1);
    const error = refusal(() => backlog.assertRoom());
    expect(error.code).toBe('OVERLOADED');
    expect(error.details).toMatchObject({ limit: 'limits.backlog.maxQueuedJobs' });
    expect(refused).toBe(1);
  });

  it('counts starts in flight until their first step is durable, whether or not it commits', async () => {
    const backlog = createBacklog({ limits: { ...limits, maxQueuedJobs: 1 }, now: () => 0 });
    let commit!: (value: string) => void;
    const first = backlog.starting(new Promise<string>((resolve) => (commit = resolve)));
    expect(backlog.view().startsInFlight).toBe(1);
    expect(() => backlog.assertRoom()).toThrow(AppError);
    commit('i-1');
    expect(await first).toBe('i-1');
    await expect(backlog.starting(Promise.reject(new Error('refused by its form')))).rejects.toThrow();
    expect(backlog.view().startsInFlight).toBe(0);
    expect(() => backlog.assertRoom()).not.toThrow();
  });

  it('takes claimed jobs off the count, and forgets the rest when a claim finds fewer than it asked for', () => {
    const backlog = createBacklog({ limits, now: () => 0 });
    backlog.queued(10);
    backlog.claimed(4, 4);
    expect(backlog.view().queuedJobs).toBe(6);
    // Another replica took some: this claim found 2 of the 4 it asked for, so none is left.
    backlog.claimed(2, 4);
    expect(backlog.view().queuedJobs).toBe(0);
    backlog.claimed(0, 4);
    expect(backlog.view().queuedJobs).toBe(0);
  });

  it('tells a refused start to retry once the backlog is down to half the limit at the current pace, bounded 1–30 s', () => {
    let now = 0;
    const backlog = createBacklog({
      limits: { maxQueuedJobs: 100, maxRetryAfterSeconds: 30 },
      now: () => now,
    });
    backlog.queued(400);
    // Nothing finished yet: the pace is unknown, so the longest wait.
    expect(refusal(() => backlog.assertRoom()).details.retryAfterSeconds).toBe(30);
    // 500 jobs in 5 s: 100/s, so the 350 queued above half the limit take 3.5 s.
    for (let i = 0; i < 500; i += 1) {
      now = i * 10;
      backlog.finished();
    }
    expect(backlog.view().drainPerSecond).toBeCloseTo(100, 0);
    expect(refusal(() => backlog.assertRoom()).details.retryAfterSeconds).toBe(4);
    // After idle seconds, the pace is that of the time jobs have been finishing: 200 in 1 s.
    now += 30_000;
    for (let i = 0; i < 200; i += 1) {
      now += 5;
      backlog.finished();
    }
    expect(backlog.view().drainPerSecond).toBe(200);
    expect(refusal(() => backlog.assertRoom()).details.retryAfterSeconds).toBe(2);
    // A fast drain still says at least 1 s; a slow one at most the configured bound.
    for (let i = 0; i < 5000; i += 1) backlog.finished();
    expect(refusal(() => backlog.assertRoom()).details.retryAfterSeconds).toBe(1);
    now += 60_000;
    backlog.finished();
    expect(refusal(() => backlog.assertRoom()).details.retryAfterSeconds).toBe(30);
  });
});
