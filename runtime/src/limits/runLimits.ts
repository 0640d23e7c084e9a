import { z } from 'zod';

const MiB = 1024 * 1024;

/**
 * Bounds on what a definition or its input can multiply, in the configuration's `limits` key.
 * Each has a name a refusal quotes (`limits.subworkflowDepth`), so an operator knows what to raise.
 */
export const RunLimitsSchema = z.strictObject({
  /** Levels of subworkflows below an instance a person or trigger started (that one is level 0). */
  subworkflowDepth: z.int().min(0).max(1000).default(10),
  /** Children one instance may start over its life. */
  childrenPerInstance: z.int().min(1).default(100),
  /** Instances one start may grow into: its children, their children… (the root not counted). */
  instancesPerTree: z.int().min(1).default(1000),
  /** Branches one parallel split may open: refused at publish, and at start for older versions. */
  parallelBranches: z.int().min(2).default(32),
  /** Times one instance may enter any one node: the iterations of a loop. */
  nodeVisitsPerInstance: z.int().min(1).default(1000),
  /** History entries of one instance (one per step, so also its steps). */
  historyEntriesPerInstance: z.int().min(10).default(10_000),
  /** The data of one history entry; an event's larger data is recorded as its size only. */
  historyEntryBytes: z
    .int()
    .min(1024)
    .default(64 * 1024),
  /** One instance as stored (its input, variables, node results), serialized, in bytes. */
  instanceBytes: z
    .int()
    .min(64 * 1024)
    .max(64 * MiB)
    .default(4 * MiB),
  /** Commands one step may give: jobs, tasks, timers, children to start. */
  commandsPerStep: z.int().min(1).default(500),
  /** Items one visit of a for-each may run over, whatever the node's own maxItems says. */
  forEachItems: z.int().min(1).max(100_000).default(1000),
  /** Commands waiting in one instance's outbox (a target that keeps failing lets them pile up). */
  outboxPerInstance: z.int().min(1).default(1000),
  /** Longest `wait` a start may ask for (POST /api/instances?wait=ms), in ms. */
  syncStartWaitMs: z.int().min(0).max(600_000).default(60_000),
  /** Starts waiting at once in one process; more are refused (429) before anything starts. */
  syncStartsWaiting: z.int().min(1).default(1000),
});

export type RunLimits = z.infer<typeof RunLimitsSchema>;

export const DEFAULT_RUN_LIMITS: RunLimits = RunLimitsSchema.parse({});
