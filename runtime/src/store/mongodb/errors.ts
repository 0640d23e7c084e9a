import { MongoError, MongoErrorLabel, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { StoreError } from '../errors';

/**
 * Driver errors as the port's errors, shared by every part of the MongoDB adapter.
 *
 * The driver already retries a retryable write once (retryWrites=true, the default): the retry
 * carries the same transaction number, so the server applies the write at most once even when the
 * first attempt's answer was lost. `withRetry` adds a few more attempts for operations that are
 * idempotent by their own keys (upserts by id, conditional updates, keyed inserts); a
 * compare-and-set that may have applied is checked by its caller (commitSteps.ts), never blindly
 * repeated.
 */

export const DUPLICATE_KEY = 11000;

/** Server codes that say the node cannot take writes now (not primary, recovering, shutting down). */
const NOT_WRITABLE_CODES = new Set([
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  64, // WriteConcernFailed (wtimeout: a majority did not acknowledge in time)
  262, // ExceededTimeLimit
  50, // MaxTimeMSExpired
]);

/** Codes that mean the disk or the volume cannot take the write. */
const DISK_CODES = new Set([
  14031, // OutOfDiskSpace (storage engine)
]);

export function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  if (error.code === DUPLICATE_KEY) return true;
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((entry) => (entry as { code?: number }).code === DUPLICATE_KEY);
}

/**
 * A failure that may pass on its own (an election, a dropped connection): the driver labels it
 * RetryableWriteError (or RetryableError / SystemOverloadedError), or it is a network error, a
 * server-selection timeout or a not-primary answer.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  if (
    error.hasErrorLabel(MongoErrorLabel.RetryableWriteError) ||
    error.hasErrorLabel(MongoErrorLabel.RetryableError) ||
    error.hasErrorLabel(MongoErrorLabel.SystemOverloadedError) ||
    error.hasErrorLabel(MongoErrorLabel.TransientTransactionError)
  )
    return true;
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  return typeof error.code === 'number' && NOT_WRITABLE_CODES.has(error.code);
}

/**
 * Whether a failed write surely changed nothing. The driver adds NoWritesPerformed when no attempt
 * reached a server; a duplicate key or a validation failure is the server refusing the write.
 */
export function surelyNotApplied(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  if (error.hasErrorLabel(MongoErrorLabel.NoWritesPerformed)) return true;
  if (error instanceof MongoServerSelectionError) return true;
  return !isTransient(error);
}

/** The port's error for a driver error; other errors (our own bugs) pass through unchanged. */
export function toStoreError(error: unknown, what: string): unknown {
  if (error instanceof StoreError || !(error instanceof MongoError)) return error;
  if (isDuplicateKey(error))
    return new StoreError('CONFLICT', `${what}: it already exists.`, { cause: error });
  if (typeof error.code === 'number' && DISK_CODES.has(error.code))
    return new StoreError('UNAVAILABLE', `${what}: the database's disk is full.`, {
      reason: 'disk-full',
      cause: error,
    });
  if (isTransient(error))
    return new StoreError(
      'UNAVAILABLE',
      `${what}: the MongoDB replica set has no reachable primary that can commit now; try again.`,
      { reason: 'busy', cause: error },
    );
  return error;
}

export interface RetryOptions {
  /** Attempts in all, the driver's own retry inside each. Default 3. */
  attempts?: number;
  /** First pause; doubled each time. Default 100 ms. */
  backoffMs?: number;
}

/**
 * Runs an idempotent operation again after a transient failure (an election takes seconds; the
 * driver's single retry waits for server selection, these pauses add a little more), then maps
 * what is left to the port's errors.
 */
export async function withRetry<T>(
  what: string,
  run: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 3;
  let pause = options.backoffMs ?? 100;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw toStoreError(error, what);
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause *= 2;
    }
  }
}
