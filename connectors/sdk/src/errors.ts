/** Options a connector may attach to a failure; `cause` is kept for logs, never sent to the engine. */
export interface ConnectorErrorOptions {
  readonly retryAfterMs?: number;
  readonly details?: unknown;
  readonly cause?: unknown;
}

const BRAND = Symbol.for('flowline.ConnectorError');

/**
 * The one error type a connector raises. `retryable` decides whether the runtime schedules another
 * attempt; `code` is a stable SCREAMING_SNAKE identifier the designer can explain to a person.
 *
 * @example
 * throw new ConnectorError('TICKET_LOCKED', 'The ticket is being edited', true, { retryAfterMs: 5_000 });
 */
export class ConnectorError extends Error {
  /**
   * A ConnectorError from any copy of this module is one: a custom connector loaded beside the
   * runtime bundle (`pnpm start`, the image) brings its own copy of the SDK, whose class is not
   * the runtime's, so `instanceof` checks a mark shared through the global symbol registry.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== ConnectorError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  override readonly name = 'ConnectorError';
  readonly retryAfterMs: number | undefined;
  readonly details: unknown;

  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options: ConnectorErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

/**
 * A failure worth another attempt (the remote side is busy, down or slow).
 *
 * @example
 * if (res.status === 423) throw retryable('RECORD_LOCKED', 'Record is locked', { retryAfterMs: 2_000 });
 */
export function retryable(
  code: string,
  message: string,
  options: Omit<ConnectorErrorOptions, 'details'> & { readonly details?: unknown } = {},
): ConnectorError {
  return new ConnectorError(code, message, true, options);
}

/**
 * A failure that will not go away by trying again (bad input, missing permission, unknown record).
 *
 * @example
 * if (!body.success) throw permanent('UNEXPECTED_RESPONSE', 'ServiceNow answered in an unknown shape');
 */
export function permanent(
  code: string,
  message: string,
  options: Omit<ConnectorErrorOptions, 'retryAfterMs'> = {},
): ConnectorError {
  return new ConnectorError(code, message, false, options);
}

/**
 * Narrows an unknown throw to a ConnectorError.
 *
 * @example
 * catch (err) { if (isConnectorError(err) && !err.retryable) markFailed(err.code); }
 */
export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError;
}
