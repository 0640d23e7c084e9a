import { z } from 'zod';
import { RetentionModeSchema } from '../store/schemas/retention';

/**
 * The global retention policy (config key `retention`, env FLOWLINE_RETENTION as JSON). Off by
 * default: nothing is removed until an operator sets `endedInstancesDays` here or a workflow's own
 * policy (PUT /api/workflows/{id}/retention).
 */
export const RetentionConfigSchema = z
  .object({
    /** Ended instances older than this many days (by their end) are removed; null (default): kept forever. */
    endedInstancesDays: z.number().int().min(1).max(36_500).nullable().default(null),
    /** 'delete' (default) removes them; 'archive' writes each to an audit export first. */
    mode: RetentionModeSchema.default('delete'),
    /** Where archive files go; default `<dataDir>/archive`. */
    archiveDir: z.string().min(1).optional(),
    /** Instances removed per transaction. */
    batchSize: z.number().int().min(1).max(1_000).default(200),
    /** How often each process looks for instances to remove, in ms (default hourly; the first run a minute after start). */
    intervalMs: z
      .number()
      .int()
      .min(1_000)
      .max(7 * 86_400_000)
      .default(3_600_000),
    /** Least pause between two batches, in ms; the pause is also at least as long as the batch took. */
    pauseMs: z.number().int().min(0).max(60_000).default(10),
  })
  .prefault({});
export type RetentionConfig = z.infer<typeof RetentionConfigSchema>;
