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
  /** Why the pass stopped early; what it had deleted stays deleted, the rest waits for the next run. */
  readonly error?: string;
}

/**
 * Applies the passes in order, a batch at a time: list up to `batchSize` prunable instances, write
 * them to the run's archive file and fsync it (archive mode), then delete them (the store checks
 * again that each is still prunable). Between batches it pauses as long as the batch took, so
 * steps, requests and timers keep at least half of the event loop. A pass that fails (an archive
 * that cannot be written, a store that cannot commit) stops there, nothing of its current batch
 * deleted, with the error in its outcome; the next passes still run.
 */
export async function runPrune(deps: PruneRunDeps, passes: readonly PrunePass[]): Promise<PassOutcome[]> {
  const archive: { file?: ArchiveFile } = {};
  const outcomes: PassOutcome[] = [];
  try {
    for (const pass of passes) {
      const counts = { deleted: 0, archived: 0, batches: 0 };
      let error: string | undefined;
      try {
        await runPass(deps, pass, counts, archive);
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
        // A file whose write failed is not appended to again: a later pass starts a new one.
        await archive.file?.close().catch(() => undefined);
        delete archive.file;
      }
      outcomes.push({
        policy: pass.policy,
        mode: pass.mode,
        days: pass.days,
        cutoff: pass.query.endedBefore,
        ...counts,
        ...(pass.mode === 'archive' && archive.file ? { archiveFile: archive.file.path } : {}),
        ...(error !== undefined ? { error } : {}),
      });
    }
  } finally {
    await archive.file?.close();
  }
  return outcomes;
}

async function runPass(
  deps: PruneRunDeps,
  pass: PrunePass,
  counts: { deleted: number; archived: number; batches: number },
  archive: { file?: ArchiveFile },
): Promise<void> {
  for (;;) {
    if (deps.stopping?.()) return;
    const begin = performance.now();
    const ids = await deps.store.listPrunableInstances({ ...pass.query, limit: deps.batchSize });
    if (ids.length === 0) return;
    if (pass.mode === 'archive') {
      const records = await readArchiveRecords(deps.store, ids, {
        policy: pass.policy,
        archivedAt: deps.now(),
      });
      archive.file ??= await createArchiveFile(deps.archiveDir, deps.now());
      await archive.file.append(records);
      counts.archived += records.length;
    }
    const removed = await deps.store.pruneInstances(ids, pass.query.endedBefore);
    counts.deleted += removed.length;
    counts.batches += 1;
    // At least as long as the batch took: pruning gets at most about half of the process's time.
    const pause = Math.max(deps.pauseMs, deps.pauseMs > 0 ? performance.now() - begin : 0);
    await (pause > 0 ? sleep(pause) : new Promise((resolve) => setImmediate(resolve)));
    // Another replica took the whole batch: it is pruning this policy too, and goes on with it.
    if (removed.length === 0) return;
  }
}
