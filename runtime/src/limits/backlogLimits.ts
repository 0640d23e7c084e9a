import { z } from 'zod';
import { wholeSetting } from '../settingValues';

/** `limits.backlog`: how much runnable work one process takes on before it refuses new starts. */
export const BacklogLimitsSchema = z
  .object({
    /**
     * Due jobs this process's worker has not taken, plus starts in flight, at which new starts answer
     * 503 with Retry-After: half a second of work at the 600–1,000 completions/s measured through
     * HTTP (the p99 ≤ 1 s goal), many times what 16 worker slots and a group commit need.
     */
    maxQueuedJobs: wholeSetting({ min: 1, max: 10_000_000, example: 500 }).default(500),
    /** The longest Retry-After a refused start is told, in seconds (the shortest is 1). */
    maxRetryAfterSeconds: wholeSetting({ min: 1, max: 3600, unit: 'seconds', example: 30 }).default(30),
  })
  .prefault({});
export type BacklogLimits = z.infer<typeof BacklogLimitsSchema>;

export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = BacklogLimitsSchema.parse({});
