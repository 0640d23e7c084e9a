import { z } from 'zod';
import { EpochMsSchema, JsonSchema } from './common';
import { LeaseSchema } from './lease';

export const JobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('succeeded'), output: JsonSchema, finishedAt: EpochMsSchema }),
  z.object({
    status: z.literal('failed'),
    error: z.object({
      code: z.string(),
      message: z.string(),
      retryable: z.boolean(),
      retryAfterMs: z.number().int().nonnegative().optional(),
    }),
    finishedAt: EpochMsSchema,
  }),
]);
export type JobResult = z.infer<typeof JobResultSchema>;

/** A connector call to make. Its id comes from the command that asked for it. */
export const NewJobSchema = z.object({
  id: z.string().min(1),
  instanceId: z.string(),
  nodeId: z.string(),
  action: z.string(),
  connection: z.string().optional(),
  input: JsonSchema,
  attempt: z.number().int().min(1),
  idempotencyKey: z.string(),
  runAt: EpochMsSchema,
  timeoutMs: z.number().int().positive(),
  /**
   * For a job no instance step retries (a notification): the worker itself tries retryable
   * failures again, up to this many attempts in all. Workflow tasks leave it out: their retries
   * are the machine's.
   */
  maxAttempts: z.number().int().min(1).max(20).optional(),
});
export type NewJob = z.infer<typeof NewJobSchema>;

export const JobSchema = NewJobSchema.extend({
  status: JobStatusSchema,
  leaseOwner: z.string().optional(),
  leaseExpiresAt: EpochMsSchema.optional(),
  result: JobResultSchema.optional(),
});
export type Job = z.infer<typeof JobSchema>;

export const ClaimedJobSchema = JobSchema.extend(LeaseSchema.shape);
export type ClaimedJob = z.infer<typeof ClaimedJobSchema>;
