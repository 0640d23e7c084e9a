import { z } from 'zod';
import { EpochMsSchema } from './common';
import { ClaimRequestSchema, LeaseSchema } from './lease';

export const TimerStatusSchema = z.enum(['scheduled', 'fired', 'cancelled']);
export type TimerStatus = z.infer<typeof TimerStatusSchema>;

export const NewTimerSchema = z.object({
  /** Deterministic (from the command), so scheduling twice is harmless. */
  id: z.string().min(1),
  instanceId: z.string(),
  /** The machine's name for the timer; `timer.fired{timerId}` carries it back. */
  timerId: z.string(),
  fireAt: EpochMsSchema,
});
export type NewTimer = z.infer<typeof NewTimerSchema>;

export const TimerSchema = NewTimerSchema.extend({
  status: TimerStatusSchema,
  leaseOwner: z.string().optional(),
  leaseExpiresAt: EpochMsSchema.optional(),
});
export type Timer = z.infer<typeof TimerSchema>;

export const ClaimedTimerSchema = TimerSchema.extend(LeaseSchema.shape);
export type ClaimedTimer = z.infer<typeof ClaimedTimerSchema>;

/**
 * A claim of due timers. With `dueBy` (after `now`) it also takes timers due by then, so their
 * steps can be prepared before they fall due; their lease then runs from `dueBy`.
 */
export const TimerClaimRequestSchema = ClaimRequestSchema.extend({ dueBy: EpochMsSchema.optional() });
export type TimerClaimRequest = z.infer<typeof TimerClaimRequestSchema>;
