import { z } from 'zod';
import { EpochMsSchema } from './common';

/**
 * What the statistics cover: instances started and tasks created in [from, to); open tasks are
 * counted as they are now (whenever they were created), and `now` decides which are overdue.
 */
export const StatisticsRangeSchema = z.object({ from: EpochMsSchema, to: EpochMsSchema, now: EpochMsSchema });
export type StatisticsRange = z.infer<typeof StatisticsRangeSchema>;

export const WorkflowStatisticsQuerySchema = StatisticsRangeSchema.extend({
  workflowId: z.string().min(1),
  /** Only this version; all versions when absent. */
  version: z.number().int().min(1).optional(),
});
export type WorkflowStatisticsQuery = z.infer<typeof WorkflowStatisticsQuerySchema>;

/** Nearest-rank percentiles in milliseconds; null when nothing was measured. */
export const PercentilesSchema = z.object({ p50: z.number().nullable(), p90: z.number().nullable() });
export type Percentiles = z.infer<typeof PercentilesSchema>;

/** Instances started in the range, by where they are now. */
export const InstanceCountsSchema = z.object({
  started: z.number().int(),
  running: z.number().int(),
  completed: z.number().int(),
  rejected: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});
export type InstanceCounts = z.infer<typeof InstanceCountsSchema>;

/** Human tasks (approvals, manual tasks). A breach: decided after its due time, or left open past it. */
export const TaskCountsSchema = z.object({
  /** Created in the range. */
  created: z.number().int(),
  decided: z.number().int(),
  /** Open now. */
  open: z.number().int(),
  /** Open now and past their due time. */
  overdue: z.number().int(),
  /** Decided after their due time. */
  decidedLate: z.number().int(),
  /** Closed by their deadline (escalated, or settled by the timeout) or cancelled after it. */
  timedOut: z.number().int(),
  /** decidedLate + timedOut. */
  breaches: z.number().int(),
});
export type TaskCounts = z.infer<typeof TaskCountsSchema>;

export const WorkflowStatisticsSchema = z.object({
  workflowId: z.string(),
  /** Absent: all versions together. */
  version: z.number().int().optional(),
  instances: InstanceCountsSchema,
  /** Start to end of the instances that completed or were rejected. */
  cycleTimeMs: PercentilesSchema,
  tasks: TaskCountsSchema,
});
export type WorkflowStatistics = z.infer<typeof WorkflowStatisticsSchema>;

export const NodeStatisticsSchema = z.object({
  nodeId: z.string(),
  tasks: TaskCountsSchema,
  /** Created to decided, over the decided tasks. */
  turnaroundMs: PercentilesSchema,
});
export type NodeStatistics = z.infer<typeof NodeStatisticsSchema>;

export const WorkflowStatisticsDetailSchema = z.object({
  total: WorkflowStatisticsSchema,
  /** Ascending by version; only versions with instances started or tasks in the range. */
  versions: z.array(WorkflowStatisticsSchema),
  /** The nodes with human tasks, by id. */
  nodes: z.array(NodeStatisticsSchema),
  /** The node whose tasks take longest (highest turnaround p50, then p90); null without decided tasks. */
  slowestNodeId: z.string().nullable(),
});
export type WorkflowStatisticsDetail = z.infer<typeof WorkflowStatisticsDetailSchema>;
