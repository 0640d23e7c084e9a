import type { SqlDatabase } from './database';
import type { DurabilityBarrier } from './walSync';

/**
 * How the adapter's write methods reach the database. `work` runs synchronously on the connection
 * inside a write transaction that is already open (it must not start one, nor call another write
 * method); the promise settles only after the COMMIT that made its effect durable returned.
 */
export interface Writes {
  run<T>(work: () => T): Promise<T>;
  /** Commits whatever is queued; later writes are refused. */
  close(): void;
}

export interface GroupCommitOptions {
  /** Most operations sharing one transaction. Default 500. */
  maxBatch?: number;
  /**
   * When set, COMMIT does not sync (synchronous = NORMAL) and a batch's callers are answered once
   * this barrier, asked after the COMMIT, resolved: the event loop goes on with the next batch
   * while the disk syncs this one.
   */
  barrier?: DurabilityBarrier;
}

const closedError = (): Error => new Error('The SQLite store is closed.');

/** One BEGIN IMMEDIATE … COMMIT (one fsync) per operation, run at the call. */
export function directWrites(db: SqlDatabase): Writes {
  let closed = false;
  return {
    async run(work) {
      if (closed) throw closedError();
      return db.immediate(work);
    },
    close() {
      closed = true;
    },
  };
}

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for every write: operations called in the same turn of the event loop are queued
 * and run, in call order, in ONE `BEGIN IMMEDIATE … COMMIT` on the next setImmediate, so they
 * share one fsync. One operation that throws is rolled back alone and rejected, the others still
 * commit: the batch first runs under one savepoint; only when an operation throws is it rolled
 * back and run again with a savepoint per operation (a savepoint per operation cost about a fifth
 * of a timer fire's SQL, for a failure that almost never comes). Operations are closures over
 * the database, so running one again after the rollback gives the same result. Results are computed inside the transaction, so
 * every compare-and-set, claim and unique key behaves exactly as if the operations had run one
 * transaction each in that order. Nobody hears "done" before the COMMIT returned (with a barrier:
 * and the disk confirmed it); when the COMMIT fails, every operation of the batch is rejected.
 */
export function groupCommitWrites(db: SqlDatabase, options: GroupCommitOptions = {}): Writes {
  const maxBatch = Math.max(1, options.maxBatch ?? 500);
  const barrier = options.barrier;
  let queue: Queued[] = [];
  let scheduled = false;
  let closed = false;

  // Batches committed whose sync has not yet been confirmed. One may commit while the previous
  // one syncs; a third waits, so writes keep gathering into large batches (each commit writes
  // whole pages to the WAL: many small commits would write the same pages over and over).
  let unsynced = 0;

  const schedule = (): void => {
    if (scheduled || unsynced >= 2) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (closed) return;
      flushBatch();
      // Later batches on later turns, so callers answered now can join the next one.
      if (queue.length > 0) schedule();
    });
  };

  /**
   * Runs the operations of one batch in order; `lost` is set when SQLite dropped the transaction.
   * Optimistic first: all of them under one savepoint, stopping at the first that throws.
   */
  const execute = (batch: Queued[]): { outcomes: Outcome[]; lost?: unknown } => {
    // A lone operation needs no savepoint: when it fails, the whole transaction is rolled back.
    if (batch.length === 1) return executeEach(batch, false);
    db.exec('SAVEPOINT flowline_batch');
    const outcomes: Outcome[] = [];
    for (const operation of batch) {
      try {
        outcomes.push({ ok: true, value: operation.work() });
      } catch (error) {
        outcomes.push({ ok: false, error });
        if (!db.inTransaction) return { outcomes, lost: error };
        // Undo the batch and run it again, each operation in its own savepoint.
        db.exec('ROLLBACK TO flowline_batch');
        db.exec('RELEASE flowline_batch');
        return executeEach(batch, true);
      }
    }
    db.exec('RELEASE flowline_batch');
    return { outcomes };
  };

  /** Runs the operations one by one, each in its own savepoint when `guarded`. */
  const executeEach = (batch: Queued[], guarded: boolean): { outcomes: Outcome[]; lost?: unknown } => {
    const outcomes: Outcome[] = [];
    for (const operation of batch) {
      if (guarded) db.exec('SAVEPOINT flowline_op');
      try {
        const value = operation.work();
        if (guarded) db.exec('RELEASE flowline_op');
        outcomes.push({ ok: true, value });
      } catch (error) {
        outcomes.push({ ok: false, error });
        // Some errors (SQLITE_FULL, I/O errors, …) make SQLite roll back the whole transaction.
        if (!db.inTransaction) return { outcomes, lost: error };
        if (guarded) {
          db.exec('ROLLBACK TO flowline_op');
          db.exec('RELEASE flowline_op');
        }
      }
    }
    return { outcomes };
  };

  const flushBatch = (): void => {
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    if (batch.length === 0) return;
    if (barrier?.failed) {
      for (const operation of batch) operation.reject(barrier.failed);
      return;
    }

    let result: { outcomes: Outcome[]; lost?: unknown };
    try {
      db.exec('BEGIN IMMEDIATE');
      result = execute(batch);
      if (result.lost === undefined) {
        // When every operation failed there is nothing to keep, and no fsync to wait for.
        db.exec(result.outcomes.some((outcome) => outcome.ok) ? 'COMMIT' : 'ROLLBACK');
      }
    } catch (error) {
      // BEGIN (busy lock), a savepoint statement or the COMMIT failed: nothing of the batch is durable.
      if (db.inTransaction) rollbackQuietly(db);
      for (const operation of batch) operation.reject(error);
      return;
    }

    const { outcomes, lost } = result;
    if (lost !== undefined) {
      // The transaction is gone: what ran is undone, so all of it fails; what did not run waits
      // for the next batch.
      const ran = batch.slice(0, outcomes.length);
      ran.forEach((operation, i) => {
        const outcome = outcomes[i];
        operation.reject(outcome && !outcome.ok ? outcome.error : lost);
      });
      queue = [...batch.slice(outcomes.length), ...queue];
      return;
    }
    const answer = () =>
      batch.forEach((operation, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) operation.resolve(outcome.value);
        else operation.reject(outcome ? outcome.error : new Error('A queued write produced no outcome.'));
      });
    if (!barrier || !outcomes.some((outcome) => outcome.ok)) {
      answer();
      return;
    }
    unsynced += 1;
    barrier
      .sync()
      .then(answer, (error: unknown) => {
        for (const operation of batch) operation.reject(error);
      })
      .finally(() => {
        unsynced -= 1;
        if (queue.length > 0) schedule();
      });
  };

  return {
    run<T>(work: () => T): Promise<T> {
      if (closed) return Promise.reject(closedError());
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    close() {
      if (closed) return;
      // Writes already called still get their commit before the connection goes.
      while (queue.length > 0) flushBatch();
      closed = true;
    },
  };
}

function rollbackQuietly(db: SqlDatabase): void {
  try {
    db.exec('ROLLBACK');
  } catch {
    // The connection already dropped the transaction; the batch's callers get the first error.
  }
}
