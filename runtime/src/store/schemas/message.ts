import { z } from 'zod';
import { EpochMsSchema, JsonSchema } from './common';

/**
 * An event that arrived while no run waited for it, kept until `expiresAt` for the first run that
 * starts waiting for it (Camunda's message time to live). One message is taken by one run only.
 */
export const NewBufferedMessageSchema = z.object({
  /**
   * Unique; derived from the sender's own id when it gave one (so a retried send buffers nothing
   * twice), and the message id the taking step remembers in the run's state.
   */
  id: z.string().min(1).max(300),
  event: z.string().min(1),
  correlationKey: z.string(),
  /** Only runs of this workflow may take it (a webhook's `deliver`); absent: any run. */
  workflowId: z.string().min(1).optional(),
  payload: JsonSchema,
  bufferedAt: EpochMsSchema,
  expiresAt: EpochMsSchema,
});
export type NewBufferedMessage = z.infer<typeof NewBufferedMessageSchema>;

export const BufferedMessageSchema = NewBufferedMessageSchema.extend({
  /**
   * The run it is promised to, from the moment one asks for it: no other run can reserve it. Kept
   * after the take (who took it). A reservation is never given up by time alone, only when the run
   * is found not to have taken it (see `releaseBufferedMessage`).
   */
  reservedFor: z.string().min(1).optional(),
  reservedAt: EpochMsSchema.optional(),
  /**
   * New with each reservation (the fencing token): a take names it and commits only while it is
   * the current one, so a step computed under a reservation since released (a process that
   * stalled past the sweep) commits nothing, and no message is taken by two runs.
   */
  reservationToken: z.string().min(1).optional(),
  /** Set by the `message.take` effect, in the same write as the step the message caused. */
  takenAt: EpochMsSchema.optional(),
});
export type BufferedMessage = z.infer<typeof BufferedMessageSchema>;

export const MessageReservationSchema = z.object({
  event: z.string().min(1),
  correlationKey: z.string(),
  /** The workflow of the run asking: messages scoped to another workflow are not for it. */
  workflowId: z.string().min(1),
  instanceId: z.string().min(1),
  now: EpochMsSchema,
});
export type MessageReservation = z.infer<typeof MessageReservationSchema>;
