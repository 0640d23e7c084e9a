import { StoreError, type CommitResult, type CommitStep, type Store } from '../store';

/**
 * Hands rev-checked steps to the store. Group commit happens in the store adapter (SQLite: every
 * write of one event-loop turn shares a transaction; MongoDB: a bulkWrite), so this adds no hop of
 * its own; callers are answered only after the step is durable.
 *
 * A step refused because its message take lost its reservation is thrown (RESERVATION_LOST), not
 * answered: the executor retries whatever it is answered as not committed, and this step would
 * lose every retry. Nothing of it was written; the message buffer, which made the take, catches it.
 */
export function createCommitQueue(store: Store) {
  let inFlight = new Set<Promise<unknown>>();
  return {
    async commit(step: CommitStep): Promise<CommitResult> {
      const pending = store.commitSteps([step]);
      inFlight.add(pending);
      try {
        const [result] = await pending;
        if (!result!.ok && result!.reason === 'reservation_lost')
          throw new StoreError(
            'RESERVATION_LOST',
            `The step of ${step.instanceId} takes a buffered message under a reservation that is no longer current; nothing was written`,
          );
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
