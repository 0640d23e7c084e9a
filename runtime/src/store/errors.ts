/** Why a store call failed, as a code the HTTP edge maps to a status once. */
export type StoreErrorCode =
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'NETWORK_FILESYSTEM'
  | 'SCHEMA_TOO_NEW'
  | 'INVALID_CURSOR'
  /** A step's message take named a reservation that is no longer current; nothing was written. */
  | 'RESERVATION_LOST'
  /** The store cannot commit now (see `reason`); nothing of the call was kept. */
  | 'UNAVAILABLE';

/** Why the store cannot commit: the operator's next step differs for each. */
export type StoreUnavailableReason = 'disk-full' | 'read-only' | 'io-error' | 'busy';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** Set on UNAVAILABLE. */
  readonly reason?: StoreUnavailableReason;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown; reason?: StoreUnavailableReason },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.reason) this.reason = options.reason;
  }
}

export const isStoreError = (error: unknown, code?: StoreErrorCode): error is StoreError =>
  error instanceof StoreError && (code === undefined || error.code === code);

/** The refusals of `deleteDraft`, worded once for both adapters. */
export const draftDeletion = {
  missing: (workflowId: string) => new StoreError('NOT_FOUND', `There is no workflow ${workflowId}`),
  stale: (workflowId: string, expected: number) =>
    new StoreError(
      'CONFLICT',
      `The draft of ${workflowId} changed since revision ${expected}; reload it and decide again.`,
    ),
  published: (workflowId: string) =>
    new StoreError(
      'CONFLICT',
      `${workflowId} has published versions: its requests and their history depend on them, so it cannot be deleted.`,
    ),
};
