import { z } from 'zod';
import { AssigneeSchema } from './task';
import { InstanceStatusSchema } from './instance';

/**
 * What happened to an instance, as the change feed tells it: `started`, `moved` (it waits in other
 * nodes now), `incident` (it waits for an operator), or the status it ended in.
 */
export const InstanceChangeKindSchema = z.enum([
  'started',
  'moved',
  'incident',
  'completed',
  'rejected',
  'failed',
  'cancelled',
]);
export type InstanceChangeKind = z.infer<typeof InstanceChangeKindSchema>;

export const TaskChangeKindSchema = z.enum(['created', 'decided', 'delegated', 'cancelled']);
export type TaskChangeKind = z.infer<typeof TaskChangeKindSchema>;

/**
 * One committed change, written in the same transaction as the change itself, numbered by a
 * sequence that only grows: a reader that keeps the last `seq` it saw misses none and reads each
 * once, whichever process committed it. Minimal on purpose (ids, kind, status, title): readers
 * fetch details through their own permission checks.
 */
export const ChangeSchema = z.discriminatedUnion('type', [
  z.object({
    seq: z.number().int().min(1),
    type: z.literal('instance'),
    kind: InstanceChangeKindSchema,
    instanceId: z.string(),
    workflowId: z.string(),
    status: InstanceStatusSchema,
    /** Who started it: kept for visibility rules, not sent to clients. */
    startedBy: z.string().optional(),
  }),
  z.object({
    seq: z.number().int().min(1),
    type: z.literal('task'),
    kind: TaskChangeKindSchema,
    taskId: z.string(),
    instanceId: z.string(),
    workflowId: z.string(),
    title: z.string(),
    /** Whose inbox it touches: the assignee, and for a delegation also the one it came from. */
    assignees: z.array(AssigneeSchema),
  }),
]);
export type Change = z.infer<typeof ChangeSchema>;

/** The kept part of the feed: `oldest` 0 when it is empty; `latest` never goes back. */
export interface ChangeFeedBounds {
  oldest: number;
  latest: number;
}
