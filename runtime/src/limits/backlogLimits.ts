import { z } from 'zod';

/** `limits.backlog`: how much runnable work one process takes on before it refuses new starts. */
export const BacklogLimitsSchema = z
  .object({
    /**
     * Jobs due and not yet taken by this process's worker, plus starts in flight, above which new
     * starts answer 503 with Retry-After: about a second of work at the measured 600–1,000 steps/s.
     */
    maxQueuedJobs: z.coerce.number().int().min(1).max(10_000_000).default(1000),
    /** The longest Retry-After a refused start is told, in seconds (the shortest is 1). */
    maxRetryAfterSeconds: z.coerce.number().int().min(1).max(3600).default(30),
  })
  .prefault({});
export type BacklogLimits = z.infer<typeof BacklogLimitsSchema>;

export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = BacklogLimitsSchema.parse({});
