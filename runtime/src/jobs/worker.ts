import { randomUUID } from 'node:crypto';
import { executeAction, type NetworkPolicy } from '@flowline/connector-sdk';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { ConnectorRegistry } from '../connectors/registry';
import type { Logger } from '../observability/logger';
import type { ClaimedJob, JobResult, Store, StoreEffect } from '../store';

export interface ConnectionResolver {
  /** Decrypted credentials and settings of a named connection (or the connector's defaults). */
  resolve(
    connectorId: string,
    connection: string | undefined,
  ): Promise<{ credentials?: unknown; settings?: unknown }>;
}

// A lease covers the call's timeout plus a margin; short leases let another process take over
// soon after a crash (the call may then run twice: that is what the idempotency key is for).
const BASE_LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;

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
}) {
  const owner = `worker-${randomUUID()}`;
  const concurrency = deps.concurrency ?? 16;
  const pollMs = deps.pollMs ?? 200;
  let running = 0;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // Set by nudge(): a job became due while the loop was busy, so it must not go to sleep.
  let dirty = false;
  const inFlight = new Set<Promise<void>>();

  async function runJob(job: ClaimedJob): Promise<void> {
    const started = deps.clock.now();
    const jobKey = job.id.slice(job.instanceId.length + 1);
    const [connectorId = '', actionId = ''] = job.action.split('.');
    const connector = deps.connectors.get(connectorId);
    let event: EngineEvent;
    if (!connector) {
      event = {
        type: 'job.failed',
        jobKey,
        error: {
          code: 'UNKNOWN_CONNECTOR',
          message: `No connector "${connectorId}" is installed`,
          retryable: false,
        },
        at: deps.clock.now(),
      };
    } else {
      const connection = await deps.connections
        .resolve(connectorId, job.connection)
        .catch((error: unknown) => ({ error }));
      if ('error' in connection) {
        event = {
          type: 'job.failed',
          jobKey,
          error: {
            code: 'CONNECTION_UNAVAILABLE',
            message: String((connection.error as Error).message ?? connection.error),
            retryable: false,
          },
          at: deps.clock.now(),
        };
      } else {
        const result = await executeAction(connector, actionId as never, {
          input: job.input,
          ...connection,
          idempotencyKey: job.idempotencyKey,
          step: { instanceId: job.instanceId, workflowId: '', nodeId: job.nodeId },
          attempt: job.attempt,
          log: deps.logger.child({ jobId: job.id }),
          ...(deps.network ? { network: deps.network } : {}),
          // Deadline and 'now' from the same clock, so a test's manual clock does not expire real calls.
          deadline: new Date(started + job.timeoutMs),
          now: () => deps.clock.now(),
        });
        event = result.ok
          ? { type: 'job.done', jobKey, output: (result.output ?? null) as never, at: deps.clock.now() }
          : {
              type: 'job.failed',
              jobKey,
              error: {
                code: result.error.code,
                message: result.error.message,
                retryable: result.error.retryable,
                ...(result.error.retryAfterMs !== undefined
                  ? { retryAfterMs: result.error.retryAfterMs }
                  : {}),
              },
              at: deps.clock.now(),
            };
      }
    }
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
    if (!outcome?.changed) await deps.store.completeJob(job.id, job.leaseToken, result);
    deps.onFinished?.(job, event.type === 'job.done', finishedAt - started);
  }

  /** Claims and starts as many due jobs as there is room for; returns how many it started. */
  async function poll(): Promise<number> {
    const room = concurrency - running;
    if (room <= 0) return 0;
    const now = deps.clock.now();
    const jobs = await deps.store.claimJobs({ owner, now, leaseMs: BASE_LEASE_MS, limit: room });
    for (const job of jobs) {
      running += 1;
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
          clearInterval(heartbeat);
          running -= 1;
          inFlight.delete(work);
          wake?.();
        });
      inFlight.add(work);
    }
    return jobs.length;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let started = 0;
      try {
        started = await poll();
      } catch (error) {
        deps.logger.error({ err: error }, 'claiming jobs failed');
      }
      if (started > 0 && running < concurrency) continue;
      if (dirty && running < concurrency) {
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
    /** A job became due: look now instead of at the next poll. */
    nudge() {
      dirty = true;
      wake?.();
    },
    /** Stops claiming, lets running jobs finish (up to `graceMs`), then releases what is left. */
    async stop(graceMs = 10_000): Promise<void> {
      stopped = true;
      wake?.();
      await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, graceMs))]);
      await deps.store.releaseJobs(owner);
    },
    /** Waits until no job is running (tests). */
    idle: () => Promise.all(inFlight).then(() => undefined),
  };
}

export type JobWorker = ReturnType<typeof createJobWorker>;
