import type { CommitResult, CommitStep, Store } from '../store';

/**
 * Hands rev-checked steps to the store. Group commit happens in the store adapter (SQLite: every
 * write of one event-loop turn shares a transaction; MongoDB: a bulkWrite), so this adds no hop of
 * its own; callers are answered only after the step is durable.
 */
export function createCommitQueue(store: Store) {
  let inFlight = new Set<Promise<unknown>>();
  return {
    async commit(step: CommitStep): Promise<CommitResult> {
      const pending = store.commitSteps([step]);
      inFlight.add(pending);
      try {
        const [result] = await pending;
        return result!;
      } finally {
        inFlight.delete(pending);
      }
    },
    /** Resolves when everything submitted so far is committed. */
    drain: async () => {
      const waiting = inFlight;
      inFlight = new Set();
      await Promise.allSettled(waiting);
    },
  };
}

export type CommitQueue = ReturnType<typeof createCommitQueue>;
