import { AppError } from '../errors';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

// Printable ASCII, as the IETF draft's examples and Stripe's keys are: no control characters
// (they would reach logs and history) and nothing a proxy might re-encode.
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * The sender's `Idempotency-Key` of an unsigned webhook call, or undefined without one: its
 * message id, as a signed call's `webhook-id` is. A key that is empty, longer than 200
 * characters or not printable is refused (400 naming the header) before anything happens.
 */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const problem =
    header.length === 0
      ? 'must not be empty'
      : header.length > MAX_IDEMPOTENCY_KEY_LENGTH
        ? `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters (it has ${header.length})`
        : !PRINTABLE.test(header)
          ? 'must be printable ASCII characters (letters, digits, punctuation, spaces)'
          : undefined;
  if (problem === undefined) return header;
  const message = `The ${IDEMPOTENCY_KEY_HEADER} header ${problem}`;
  throw new AppError('INVALID_INPUT', message, { issues: [{ path: IDEMPOTENCY_KEY_HEADER, message }] });
}
