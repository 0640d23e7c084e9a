import type { CommitResult, CommitStep, Store } from '../store';

/**
 * Group commit: steps submitted in the same turn of the event loop share one transaction
 * (one fsync on SQLite, one bulkWrite on MongoDB), each still rev-checked on its own. Callers
 * are answered only after the batch is durable.
 */
export function createCommitQueue(store: Store, options: { maxBatch?: number } = {}) {
  const maxBatch = options.maxBatch ?? 200;
  let pending: { step: CommitStep; resolve: (r: CommitResult) => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;
  let flushing: Promise<void> = Promise.resolve();

  const flush = async (): Promise<void> => {
    scheduled = false;
    while (pending.length > 0) {
      const batch = pending.slice(0, maxBatch);
      pending = pending.slice(batch.length);
      try {
        const results = await store.commitSteps(batch.map((b) => b.step));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
  };

  return {
    commit(step: CommitStep): Promise<CommitResult> {
      return new Promise((resolve, reject) => {
        pending.push({ step, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // One flush at a time; steps arriving meanwhile form the next batch.
          flushing = flushing.then(
            () => new Promise<void>((done) => setImmediate(() => void flush().then(done))),
          );
        }
      });
    },
    /** Resolves when everything submitted so far is committed. */
    drain: () => flushing,
  };
}

export type CommitQueue = ReturnType<typeof createCommitQueue>;
