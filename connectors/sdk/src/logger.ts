/** Structured fields attached to one log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logging surface a connector sees. The argument order (fields, then message) matches pino, so
 * the runtime can hand over its pino logger as is.
 *
 * @example
 * ctx.log.info({ sysId: created.sysId }, 'incident created');
 */
export interface Logger {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

/**
 * A logger that drops everything; the default when the caller passes none.
 *
 * @example
 * const log = silentLogger;
 */
export const silentLogger: Logger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
