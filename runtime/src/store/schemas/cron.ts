import { z } from 'zod';
import { EpochMsSchema } from './common';

export const CronFireSchema = z.object({
  workflowId: z.string().min(1),
  triggerId: z.string().min(1),
  scheduledAt: EpochMsSchema,
});
export type CronFire = z.infer<typeof CronFireSchema>;

export const CronCursorSchema = z.object({
  workflowId: z.string().min(1),
  triggerId: z.string().min(1),
  /** The next fire not yet handled; kept so fires missed during downtime can be caught up. */
  nextDueAt: EpochMsSchema,
});
export type CronCursor = z.infer<typeof CronCursorSchema>;

export const OnceTokenSchema = z.object({
  namespace: z.string().min(1),
  key: z.string().min(1),
  /** After this the record may be purged; whatever the token guards must expire by then too. */
  expiresAt: EpochMsSchema,
});
export type OnceToken = z.infer<typeof OnceTokenSchema>;
