import { randomUUID } from 'node:crypto';
import type { NetworkPolicy } from '@flowline/connector-sdk';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { ConnectorRegistry } from '../connectors/registry';
import type { Logger } from '../observability/logger';
import {
  isStoreError,
  type ClaimedJob,
  type JobResult,
  type Lease,
  type NewJob,
  type Store,
  type StoreEffect,
} from '../store';
import type { Backlog } from './backlog';
import { callConnector, type ConnectionResolver } from './callConnector';

export type { ConnectionResolver } from './callConnector';

// A lease covers the call's timeout plus a margin; short leases let another process take over
// soon after a crash (the call may then run twice: that is what the idempotency key is for).
const BASE_LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;

/** A job no instance retries (see NewJob.maxAttempts), failed retryably, with attempts left. */
function retriesItself(
  job: ClaimedJob,
  result: JobResult,
): result is Extract<JobResult, { status: 'failed' }> {
  return (
    result.status === 'failed' &&
    result.error.retryable &&
    job.maxAttempts !== undefined &&
    job.attempt < job.maxAttempts
  );
}

/** 30 s, 1 min, 2 min … up to 30 min, ±20 %; a peer's Retry-After wins when it asks for longer. */
function selfRetryDelay(attempt: number, retryAfterMs?: number): number {
  const base = Math.min(30_000 * 2 ** (attempt - 1), 30 * 60_000);
  return Math.max(Math.round(base * (0.8 + Math.random() * 0.4)), retryAfterMs ?? 0);
}

/**
 * Runs connector calls: claims due jobs with a lease, runs each with its idempotency key and
 * deadline, and delivers the result to the instance together with the job's completion. A crash
 * before that re-runs the job (at-least-once); the instance ignores a second result.
 */
export function createJobWorker(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  connectors: ConnectorRegistry;
  connections: ConnectionResolver;
  /**
   * Sends the result to the instance, committing `effects` (the job's completion) with the step
   * it causes. Resolves `changed: false` (or nothing) when no step was committed.
   */
  deliver: (
    instanceId: string,
    event: EngineEvent,
    effects: readonly StoreEffect[],
  ) => Promise<{ changed: boolean } | undefined>;
  network?: NetworkPolicy;
  concurrency?: number;
  pollMs?: number;
  onFinished?: (job: ClaimedJob, ok: boolean, ms: number) => void;
  /** Told of claims and finished jobs: the in-process count behind bounded admission. */
  backlog?: Pick<Backlog, 'claimed' | 'finished'>;
}) {
  const owner = `worker-${randomUUID()}`;
  const concurrency = deps.concurrency ?? 16;
  const pollMs = deps.pollMs ?? 200;
  let running = 0;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // Slots promised to jobs that a step is about to commit already leased to this worker.
  let reserved = 0;
  // Set by nudge(): a job became due while the loop was busy, so it must not go to sleep.
  let dirty = false;
  const inFlight = new Set<Promise<void>>();
  /** The jobs running here, by id (their lease as this worker holds it now). */
  const runningJobs = new Map<string, ClaimedJob>();
  const room = () => concurrency - running - reserved;

  async function runJob(job: ClaimedJob): Promise<void> {
    const started = deps.clock.now();
    const event = await callConnector(deps, job, started);
    const finishedAt = deps.clock.now();
    const result: JobResult =
      event.type === 'job.done'
        ? { status: 'succeeded', output: event.output, finishedAt }
        : {
            status: 'failed',
            error: (event as Extract<EngineEvent, { type: 'job.failed' }>).error,
            finishedAt,
          };
    // The completion rides on the step the result causes: one write, and a crash cannot separate
    // them. A result the instance ignores (stale, or the instance ended) is completed on its own.
    const completion: StoreEffect = { type: 'job.complete', id: job.id, leaseToken: job.leaseToken, result };
    const outcome = await deps.deliver(job.instanceId, event, [completion]);
    if (!outcome?.changed) {
      if (retriesItself(job, result)) {
        const runAt = finishedAt + selfRetryDelay(job.attempt, result.error.retryAfterMs);
        await deps.store.retryJob(job.id, job.leaseToken, { runAt });
      } else {
        await deps.store.completeJob(job.id, job.leaseToken, result);
      }
    }
    deps.onFinished?.(job, event.type === 'job.done', finishedAt - started);
  }

  /** Claims and starts as many due jobs as there is room for; returns how many it started. */
  async function poll(): Promise<number> {
    const limit = room();
    if (limit <= 0) return 0;
    const now = deps.clock.now();
    const jobs = await deps.store.claimJobs({ owner, now, leaseMs: BASE_LEASE_MS, limit });
    deps.backlog?.claimed(jobs.length, limit);
    let started = 0;
    for (const job of jobs) {
      const attempt = runningJobs.get(job.id);
      if (attempt) {
        // Claimed again while it still runs here: its lease ran out (an event loop stalled past
        // it, a clock moved forward). The running attempt takes the new lease and completes
        // with it; a second run of the same call here would only call the remote twice.
        attempt.leaseToken = job.leaseToken;
        attempt.leaseExpiresAt = job.leaseExpiresAt;
        continue;
      }
      launch(job);
      started += 1;
    }
    return started;
  }

  function launch(job: ClaimedJob): void {
    running += 1;
    runningJobs.set(job.id, job);
    // Heartbeat: while the call runs its lease is renewed, so a crash frees it within one lease.
    const heartbeat = setInterval(() => {
      void deps.store
        .extendLease(job.id, job.leaseToken, { now: deps.clock.now(), leaseMs: BASE_LEASE_MS })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    const work = runJob(job)
      .catch((error: unknown) =>
        deps.logger.error(
          { err: error, jobId: job.id },
          'job delivery failed; the lease will expire and the job run again',
        ),
      )
      .finally(() => {
        if (runningJobs.get(job.id) === job) runningJobs.delete(job.id);
        clearInterval(heartbeat);
        deps.backlog?.finished();
        running -= 1;
        inFlight.delete(work);
        wake?.();
      });
    inFlight.add(work);
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let started = 0;
      try {
        started = await poll();
      } catch (error) {
        // A store that cannot commit is logged once by the store, not five times a second here.
        if (!isStoreError(error, 'UNAVAILABLE')) deps.logger.error({ err: error }, 'claiming jobs failed');
      }
      if (started > 0 && room() > 0) continue;
      if (dirty && room() > 0) {
        dirty = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
      wake = undefined;
      if (timer) clearTimeout(timer);
    }
  }

  return {
    owner,
    poll,
    start() {
      if (!stopped) return;
      stopped = false;
      void loop();
    },
    /**
     * A slot for a job due now that a step is about to commit: the job is stored already leased
     * here and run right after the commit (`adopt`), saving the claim. Undefined when there is no
     * room or the worker is not running; then the job is queued for whoever claims it first.
     */
    reserve(): Lease | undefined {
      if (stopped || room() <= 0) return undefined;
      reserved += 1;
      return {
        leaseOwner: owner,
        leaseToken: randomUUID(),
        leaseExpiresAt: deps.clock.now() + BASE_LEASE_MS,
      };
    },
    /** The step that reserved the slot is durable: run its job. */
    adopt(job: NewJob, lease: Lease): void {
      reserved -= 1;
      launch({ ...job, status: 'running', ...lease });
    },
    /** The step that reserved the slot did not commit. */
    release(): void {
      reserved -= 1;
      wake?.();
    },
    /** A job became due: look now instead of at the next poll. */
    nudge() {
      dirty = true;
      wake?.();
    },
    /**
     * Stops claiming and reserving, lets running jobs (and reserved ones whose step commits
     * meanwhile) finish, up to `graceMs`, then releases what is left.
     */
    async stop(graceMs = 10_000): Promise<void> {
      stopped = true;
      wake?.();
      const deadline = Date.now() + graceMs;
      while ((inFlight.size > 0 || reserved > 0) && Date.now() < deadline) {
        await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, 20))]);
      }
      await deps.store.releaseJobs(owner);
    },
    /** Running jobs and reserved slots (metrics, tests). */
    load: () => ({ running, reserved }),
    /** Waits until no job is running (tests). */
    idle: () => Promise.all(inFlight).then(() => undefined),
  };
}

export type JobWorker = ReturnType<typeof createJobWorker>;
