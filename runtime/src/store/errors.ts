/** Why a store call failed, as a code the HTTP edge maps to a status once. */
export type StoreErrorCode =
  'CONFLICT' | 'NOT_FOUND' | 'NETWORK_FILESYSTEM' | 'SCHEMA_TOO_NEW' | 'INVALID_CURSOR';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isStoreError = (error: unknown, code?: StoreErrorCode): error is StoreError =>
  error instanceof StoreError && (code === undefined || error.code === code);
