import { z } from 'zod';
import { displayTextProblem } from './displayText';

/**
 * A run's business key: the identifier operators know it by ("INC0012345", "jane.doe@example.com"),
 * given when the run starts or computed from its input by the workflow's `businessKey` expression.
 * One line of at most this many characters, kept trimmed.
 */
export const BUSINESS_KEY_MAX_LENGTH = 200;

/** Why a (trimmed) key cannot be kept, or undefined when it can. */
export function businessKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'Must not be empty';
  if (key.length > BUSINESS_KEY_MAX_LENGTH)
    return `Must be at most ${BUSINESS_KEY_MAX_LENGTH} characters (it has ${key.length})`;
  return displayTextProblem(key);
}

/** A key a caller gives: trimmed, then held to businessKeyProblem (an API answers 400 with its message). */
export const BusinessKeySchema = z
  .string()
  .trim()
  .superRefine((key, ctx) => {
    const problem = businessKeyProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description: `The run's business key (e.g. a ticket number): one line, 1–${BUSINESS_KEY_MAX_LENGTH} characters, trimmed`,
  });

/**
 * The key an evaluated expression gives, or undefined. Only text that fits is a key: a value that
 * is not a string, is empty once trimmed, is too long or holds control characters leaves the run
 * without one, because a start never fails for want of a label.
 */
export function businessKeyFromValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const key = value.trim();
  return businessKeyProblem(key) === undefined ? key : undefined;
}
