import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import type { Store } from '../store';
import { prunePasses } from './prunePasses';
import { runPrune, type PassOutcome } from './pruneRun';
import type { RetentionConfig } from './retentionConfig';

const FIRST_RUN_MS = 60_000;

export interface RetentionServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: RetentionConfig;
  /** Where archives go when `config.archiveDir` is not set. */
  readonly defaultArchiveDir: string;
  /** Told of each pass that removed something (metrics). */
  readonly onPass?: (outcome: PassOutcome) => void;
}

export interface RetentionRun {
  readonly runId: string;
  readonly at: number;
  readonly passes: PassOutcome[];
}

/**
 * Removes ended instances past their retention, every `intervalMs`, in every process: a prune
 * re-checks each instance as it deletes it, so replicas pruning at once only share the work. The
 * cutoffs come from the runtime's clock (the test clock moves them). Each pass is logged as an
 * audit record (policy, cutoff, how many).
 */
export function createRetentionService(deps: RetentionServiceDeps) {
  const { store, clock, logger, config } = deps;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  /** Set by stop(): the run under way ends after its current batch. */
  let stopRequested = false;
  let current: Promise<RetentionRun> | undefined;

  async function run(): Promise<RetentionRun> {
    const runId = randomUUID();
    const at = clock.now();
    const passes = prunePasses(config, await store.listRetentionPolicies(), at);
    const outcomes = await runPrune(
      {
        store,
        now: () => clock.now(),
        batchSize: config.batchSize,
        pauseMs: config.pauseMs,
        archiveDir: config.archiveDir ?? deps.defaultArchiveDir,
        stopping: () => stopRequested,
      },
      passes,
    );
    for (const outcome of outcomes) {
      deps.onPass?.(outcome);
      const record = { runId, ...outcome, cutoff: new Date(outcome.cutoff).toISOString() };
      if (outcome.error !== undefined) logger.error(record, 'retention: a prune pass failed');
      else if (outcome.deleted > 0 || outcome.archived > 0)
        logger.info(record, 'retention: removed ended instances');
      // Runs that found nothing are routine: on record only at debug level.
      else logger.debug(record, 'retention: nothing to remove');
    }
    return { runId, at, passes: outcomes };
  }

  /** One run now, or the one under way (runs never overlap in one process). */
  function runOnce(): Promise<RetentionRun> {
    current ??= run().finally(() => {
      current = undefined;
    });
    return current;
  }

  function schedule(delayMs = config.intervalMs): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      runOnce()
        .catch((error: unknown) => logger.error({ err: error }, 'retention: the prune run failed'))
        .finally(() => schedule());
    }, delayMs);
    timer.unref();
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      stopRequested = false;
      // The first run soon after start (not in the middle of it), then every intervalMs.
      schedule(Math.min(FIRST_RUN_MS, config.intervalMs));
    },
    /** Ends the run under way after its current batch. */
    async stop() {
      stopped = true;
      stopRequested = true;
      clearTimeout(timer);
      timer = undefined;
      await current?.catch(() => undefined);
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
