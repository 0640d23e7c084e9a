import { parseDuration } from '@flowline/engine';
import { AppError } from '../errors';

/** The longest a message may be kept when the configuration says nothing (`messages.maxTtl`). */
export const DEFAULT_MAX_MESSAGE_TTL = 'P7D';

/**
 * A sender's time to live in milliseconds, or a 400 naming the field: not a duration, zero, or
 * longer than this runtime keeps messages. Nothing is stored before this has passed.
 */
export function messageTtlMs(ttl: string, maxTtl: string, path = 'ttl'): number {
  const refuse = (message: string) =>
    new AppError('INVALID_INPUT', `The time to live "${ttl}" cannot be used: ${message}`, {
      issues: [{ path, message }],
    });
  const ms = parseDuration(ttl);
  if (ms === undefined)
    throw refuse(
      'Use an ISO-8601 duration such as PT30S, PT10M, PT4H or P2D (years and months are not allowed)',
    );
  if (ms <= 0) throw refuse('A time to live must be longer than zero; leave it out to keep nothing');
  const cap = parseDuration(maxTtl) ?? 0;
  if (ms > cap)
    throw refuse(`This runtime keeps messages for at most ${maxTtl} (setting FLOWLINE_MESSAGE_MAX_TTL)`);
  return ms;
}
