import { z } from 'zod';
import type { ConnectorError } from './errors';
import type { Redactor } from './redaction';

/**
 * A failed attempt as the runtime stores it and the engine receives it (`job.failed`). Plain data:
 * no stack, no cause, secrets redacted.
 */
export const ActionFailureSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().nonnegative().optional(),
  details: z.unknown().optional(),
});
export type ActionFailure = z.infer<typeof ActionFailureSchema>;

/**
 * What one attempt produced. `executeAction` and `runAction` always resolve to this, never throw.
 *
 * @example
 * const result: ActionResult<{ sysId: string }> = await executeAction(servicenow, 'createIncident', options);
 * if (!result.ok && result.error.retryable) scheduleRetry(result.error.retryAfterMs);
 */
export type ActionResult<Output> = { ok: true; output: Output } | { ok: false; error: ActionFailure };

/** Flattens a ConnectorError into a redacted ActionFailure. */
export function toActionFailure(error: ConnectorError, redactor: Redactor): ActionFailure {
  return {
    code: error.code,
    message: redactor.redactText(error.message),
    retryable: error.retryable,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.details === undefined
      ? {}
      : { details: redactor.redact({ details: error.details })['details'] }),
  };
}
