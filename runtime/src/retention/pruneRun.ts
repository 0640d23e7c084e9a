import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../store';
import { createArchiveFile, type ArchiveFile } from './archiveFile';
import { readArchiveRecords } from './archiveRecord';
import type { PrunePass } from './prunePasses';

export interface PruneRunDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly batchSize: number;
  /**
   * Pause between batches: at least this, and at least as long as the batch took (0: only a turn
   * of the event loop, for tests and benchmarks).
   */
  readonly pauseMs: number;
  readonly archiveDir: string;
  /** Checked between batches: a stopping process ends its run there. */
  readonly stopping?: () => boolean;
}

/** What one pass did: the audit record of a policy's run. */
export interface PassOutcome {
  readonly policy: string;
  readonly mode: PrunePass['mode'];
  readonly days: number;
  readonly cutoff: number;
  readonly deleted: number;
  readonly archived: number;
  readonly batches: number;
  readonly archiveFile?: string;
}

/**
 * Applies the passes in order, a batch at a time: list up to `batchSize` prunable instances, write
 * them to the run's archive file and fsync it (archive mode), then delete them (the store checks
 * again that each is still prunable). Between batches it pauses as long as the batch took, so
 * steps, requests and timers keep at least half of the event loop.
 * A failed archive write throws before anything of its batch is deleted.
 */
export async function runPrune(deps: PruneRunDeps, passes: readonly PrunePass[]): Promise<PassOutcome[]> {
  let archive: ArchiveFile | undefined;
  const outcomes: PassOutcome[] = [];
  try {
    for (const pass of passes) {
      let deleted = 0;
      let archived = 0;
      let batches = 0;
      for (;;) {
        if (deps.stopping?.()) break;
        const begin = performance.now();
        const ids = await deps.store.listPrunableInstances({ ...pass.query, limit: deps.batchSize });
        if (ids.length === 0) break;
        if (pass.mode === 'archive') {
          const records = await readArchiveRecords(deps.store, ids, {
            policy: pass.policy,
            archivedAt: deps.now(),
          });
          archive ??= await createArchiveFile(deps.archiveDir, deps.now());
          await archive.append(records);
          archived += records.length;
        }
        const removed = await deps.store.pruneInstances(ids, pass.query.endedBefore);
        deleted += removed.length;
        batches += 1;
        // At least as long as the batch took: pruning gets at most about half of the process's time.
        const pause = Math.max(deps.pauseMs, deps.pauseMs > 0 ? performance.now() - begin : 0);
        await (pause > 0 ? sleep(pause) : new Promise((resolve) => setImmediate(resolve)));
        // Another replica took the whole batch: it is pruning this policy too, and goes on with it.
        if (removed.length === 0) break;
      }
      outcomes.push({
        policy: pass.policy,
        mode: pass.mode,
        days: pass.days,
        cutoff: pass.query.endedBefore,
        deleted,
        archived,
        batches,
        ...(pass.mode === 'archive' && archive ? { archiveFile: archive.path } : {}),
      });
    }
  } finally {
    await archive?.close();
  }
  return outcomes;
}
