import type { z } from 'zod';
import { ConnectorError, permanent, retryable } from './errors';

/** One schema problem, addressed by a dotted field path (`items.0.sku`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Field paths and messages only: zod issues can carry the offending values, which may be secret. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? part.toString() : String(part))).join('.'),
    message: issue.message,
  }));
}

function schemaError(code: string, what: string, error: z.ZodError, side = 'input'): ConnectorError {
  const issues =
    side === 'input'
      ? toFieldIssues(error)
      : // zod words every type mismatch "Invalid input: …", which misleads about a returned value.
        toFieldIssues(error).map((i) => ({ ...i, message: i.message.replace(/^Invalid input: /, '') }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return permanent(code, `${what} ${summary}`, { details: { issues } });
}

/**
 * Schema failures at the edges of an action, each with field paths. All are permanent: the same
 * values will fail the same way next time.
 *
 * @example
 * const parsed = action.input.safeParse(raw);
 * if (!parsed.success) return failure(schemaFailure.input(parsed.error));
 */
export const schemaFailure = Object.freeze({
  input: (error: z.ZodError) => schemaError('INVALID_INPUT', 'The input is not valid:', error),
  output: (error: z.ZodError) =>
    schemaError(
      'OUTPUT_SCHEMA_MISMATCH',
      'The action returned output that does not match its schema:',
      error,
      'output',
    ),
  credentials: (error: z.ZodError) =>
    schemaError('INVALID_CREDENTIALS', 'The credentials are not valid:', error),
  settings: (error: z.ZodError) =>
    schemaError('INVALID_SETTINGS', 'The connection settings are not valid:', error),
});

/**
 * Turns anything thrown into a ConnectorError. Unknown throws are retryable `UNEXPECTED`, like
 * Temporal's default: a bug or a blip looks the same from here, and retries are bounded upstream.
 *
 * @example
 * catch (thrown) { const error = toConnectorError(thrown); if (error.retryable) schedule(error.retryAfterMs); }
 */
export function toConnectorError(thrown: unknown): ConnectorError {
  if (thrown instanceof ConnectorError) return thrown;
  return retryable('UNEXPECTED', `The action failed unexpectedly: ${thrownMessage(thrown)}`, {
    cause: thrown,
  });
}

/**
 * What a throw says. Libraries and hand-written code also throw plain objects (`{ message, code }`,
 * a parsed error body); `String()` of one is "[object Object]", which tells nobody anything.
 */
function thrownMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || `${thrown.name} without a message`;
  if (typeof thrown === 'object' && thrown !== null) {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
    return 'a value that is not an Error was thrown';
  }
  return String(thrown);
}
