import { AppError } from '../errors';
import { DEFAULT_BACKLOG_LIMITS, type BacklogLimits } from '../limits/backlogLimits';

/** The window over which finished jobs give the drain rate (Retry-After). */
const DRAIN_WINDOW_MS = 5_000;
const BUCKET_MS = 500;

/** What one process sees of its runnable work (metrics, refusals). */
export interface BacklogView {
  /** Jobs due now that a step queued here and no worker of this process has taken yet. */
  readonly queuedJobs: number;
  /** Starts admitted whose first step has not committed yet. */
  readonly startsInFlight: number;
  readonly limit: number;
  /** Jobs this process finished per second, over the last few seconds. */
  readonly drainPerSecond: number;
}

/**
 * Bounded admission of new starts. Counts in process, never with a query per request: steps that
 * queue a due job add to it, the worker's claims take from it, and a claim that found fewer due
 * jobs than it asked for proves the queue empty (that also forgets jobs another replica took).
 * With several replicas each counts its own view and refuses on its own.
 */
export function createBacklog(
  options: {
    limits?: BacklogLimits;
    /** Monotonic milliseconds; the drain rate is about real time even under a test clock. */
    now?: () => number;
    onRefused?: () => void;
  } = {},
) {
  const limits = options.limits ?? DEFAULT_BACKLOG_LIMITS;
  const now = options.now ?? (() => performance.now());
  let queuedJobs = 0;
  let startsInFlight = 0;
  // Finished jobs per bucket of BUCKET_MS, the newest last; [bucket start, count].
  const finishedBuckets: [number, number][] = [];

  function drainPerSecond(): number {
    const at = now();
    while (finishedBuckets.length > 0 && finishedBuckets[0]![0] + BUCKET_MS <= at - DRAIN_WINDOW_MS)
      finishedBuckets.shift();
    const finished = finishedBuckets.reduce((sum, [, count]) => sum + count, 0);
    // Over the time jobs have been finishing (at least 1 s): idle seconds before a burst would
    // otherwise read as a slow drain and tell refused clients to wait far too long.
    const span = Math.min(DRAIN_WINDOW_MS, Math.max(1000, at - (finishedBuckets[0]?.[0] ?? at)));
    return (finished * 1000) / span;
  }

  const size = () => queuedJobs + startsInFlight;

  /**
   * Seconds until this process has worked its backlog down to half the limit, at its current pace
   * (bounded). Half, not empty: refused clients then come back while work is still queued, instead
   * of all at once after the worker ran dry.
   */
  function retryAfterSeconds(): number {
    const rate = drainPerSecond();
    const excess = Math.max(0, size() - limits.maxQueuedJobs / 2);
    const seconds = rate > 0 ? Math.ceil(excess / rate) : limits.maxRetryAfterSeconds;
    return Math.min(limits.maxRetryAfterSeconds, Math.max(1, seconds));
  }

  return {
    /** A step committed `count` jobs due now that no local worker slot took. */
    queued(count: number): void {
      queuedJobs += count;
    },
    /** The worker claimed `claimed` due jobs, asking for `asked`: fewer means none is left. */
    claimed(claimed: number, asked: number): void {
      queuedJobs = claimed < asked ? 0 : Math.max(0, queuedJobs - claimed);
    },
    /** A job finished here (the drain rate). */
    finished(): void {
      const at = now();
      const last = finishedBuckets.at(-1);
      if (last && at - last[0] < BUCKET_MS) last[1] += 1;
      else finishedBuckets.push([at, 1]);
    },
    /**
     * Refuses a new start while the backlog is at its limit: 503 OVERLOADED with a Retry-After
     * from the drain rate. Call before anything is stored.
     */
    assertRoom(): void {
      if (size() < limits.maxQueuedJobs) return;
      options.onRefused?.();
      const retryAfter = retryAfterSeconds();
      throw new AppError(
        'OVERLOADED',
        `The runtime has more work queued than it takes on (limits.backlog.maxQueuedJobs, ${limits.maxQueuedJobs}); nothing was started. Try again in ${retryAfter} s.`,
        { retryAfterSeconds: retryAfter, limit: 'limits.backlog.maxQueuedJobs' },
      );
    },
    /** Counts a start as in flight until its first step is durable (or it failed). */
    async starting<T>(start: Promise<T>): Promise<T> {
      startsInFlight += 1;
      try {
        return await start;
      } finally {
        startsInFlight -= 1;
      }
    },
    view(): BacklogView {
      return { queuedJobs, startsInFlight, limit: limits.maxQueuedJobs, drainPerSecond: drainPerSecond() };
    },
  };
}

export type Backlog = ReturnType<typeof createBacklog>;
