import { StoreError, type StoreUnavailableReason } from '../errors';

// SQLite result codes (primary code in the low byte) and errno codes that say the storage itself
// cannot take writes, rather than that one statement was wrong.
const BY_SQLITE_CODE: Readonly<Record<number, StoreUnavailableReason>> = {
  5: 'busy', // SQLITE_BUSY: another connection held the write lock past busy_timeout
  8: 'read-only', // SQLITE_READONLY
  10: 'io-error', // SQLITE_IOERR
  13: 'disk-full', // SQLITE_FULL
  14: 'io-error', // SQLITE_CANTOPEN
};
const BY_ERRNO: Readonly<Record<string, StoreUnavailableReason>> = {
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  EFBIG: 'disk-full',
  EROFS: 'read-only',
  EIO: 'io-error',
};

const SENTENCE: Readonly<Record<StoreUnavailableReason, string>> = {
  'disk-full': 'the disk holding the data is full',
  'read-only': 'the data directory is read-only',
  'io-error': 'the disk holding the data reports input/output errors',
  busy: 'another process holds the database write lock',
};

/** Why an error means the storage cannot take writes; undefined for any other error. */
export function storageFailureReason(error: unknown): StoreUnavailableReason | undefined {
  if (error instanceof StoreError) return error.code === 'UNAVAILABLE' ? error.reason : undefined;
  const { code, rawCode, message } = (error ?? {}) as {
    code?: unknown;
    rawCode?: unknown;
    message?: unknown;
  };
  // libsql reports a failed open as `ConnectionFailed("Unable to open … database <path>: 14")`.
  const opened = typeof message === 'string' ? /^ConnectionFailed\(.*: (\d+)"\)$/.exec(message) : null;
  if (opened) return BY_SQLITE_CODE[Number(opened[1]) & 0xff];
  if (typeof rawCode === 'number') {
    const reason = BY_SQLITE_CODE[rawCode & 0xff];
    if (reason) return reason;
  }
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_')) {
    if (code.startsWith('SQLITE_FULL')) return 'disk-full';
    if (code.startsWith('SQLITE_READONLY')) return 'read-only';
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'io-error';
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) return 'busy';
    return undefined;
  }
  return BY_ERRNO[code];
}

/** The store's UNAVAILABLE error for a storage failure (with its reason), else the error as it was. */
export function translateStorageError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const reason = storageFailureReason(error);
  if (reason === undefined) return error;
  return unavailable(reason, { cause: error });
}

export function unavailable(
  reason: StoreUnavailableReason,
  options: { cause?: unknown; detail?: string } = {},
): StoreError {
  const detail = options.detail ? ` (${options.detail})` : '';
  return new StoreError('UNAVAILABLE', `The store cannot save changes: ${SENTENCE[reason]}${detail}.`, {
    reason,
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
  });
}
