import { z } from 'zod';
import { EpochMsSchema } from './common';

/** What happens to an ended instance past its retention: removed, or written to an audit export first. */
export const RetentionModeSchema = z.enum(['delete', 'archive']);
export type RetentionMode = z.infer<typeof RetentionModeSchema>;

/**
 * One workflow's retention, overriding the global one. `endedInstancesDays: null` keeps its ended
 * instances forever; an absent `mode` takes the global mode.
 */
export const RetentionOverrideSchema = z.strictObject({
  endedInstancesDays: z.number().int().min(1).max(36_500).nullable(),
  mode: RetentionModeSchema.optional(),
});
export type RetentionOverride = z.infer<typeof RetentionOverrideSchema>;

export const WorkflowRetentionSchema = RetentionOverrideSchema.extend({
  workflowId: z.string().min(1),
  updatedAt: EpochMsSchema,
  updatedBy: z.string().min(1),
});
export type WorkflowRetention = z.infer<typeof WorkflowRetentionSchema>;

/** Which ended instances a prune looks at: one workflow's, or every workflow's but some. */
export const PrunableQuerySchema = z.object({
  /** Only instances that ended before this time. */
  endedBefore: EpochMsSchema,
  workflowId: z.string().min(1).optional(),
  /** Workflows with a policy of their own, left to it. */
  exceptWorkflowIds: z.array(z.string()).optional(),
  limit: z.number().int().min(1).max(10_000),
});
export type PrunableQuery = z.infer<typeof PrunableQuerySchema>;
