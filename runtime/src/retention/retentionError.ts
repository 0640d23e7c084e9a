/** Why a prune stopped; the instances it had not deleted yet stay for the next run. */
export type RetentionErrorCode = 'ARCHIVE_FAILED';

export class RetentionError extends Error {
  override readonly name = 'RetentionError';
  constructor(
    readonly code: RetentionErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}
