import { z } from 'zod';
import { AssigneeSchema, OutcomeSchema } from '../definition/nodes/approval';
import { FormFieldSchema } from '../definition/formField';

const ResolvedAssigneeSchema = z.object({ type: z.enum(['user', 'group']), id: z.string() });

export const StepErrorSchema = z.object({ nodeId: z.string(), code: z.string(), message: z.string() });

/**
 * THE contract with the runtime: what a step asks the world to do. Keys are derived from node
 * ids and visit counters, so replaying a step yields the same keys; the runtime prefixes the
 * instance id and deduplicates by them.
 */
export const CommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('job.start'),
    jobKey: z.string(),
    /** Same for every attempt of one visit to the task: hand it to the connector. */
    idempotencyKey: z.string(),
    nodeId: z.string(),
    action: z.string(),
    connection: z.string().optional(),
    input: z.record(z.string(), z.json()),
    attempt: z.int().min(1),
    maxAttempts: z.int().min(1),
    timeoutMs: z.int().positive(),
    /** Backoff before this attempt; the runtime adds jitter. */
    delayMs: z.int().nonnegative(),
  }),
  z.object({ type: z.literal('job.cancel'), jobKey: z.string(), nodeId: z.string() }),
  z.object({
    type: z.literal('task.create'),
    /** What the task asks for: a decision (approval, when absent) or work to do (manualTask). */
    kind: z.enum(['approval', 'manualTask']).optional(),
    taskKey: z.string(),
    nodeId: z.string(),
    slot: z.int().nonnegative(),
    assignee: ResolvedAssigneeSchema,
    title: z.string(),
    instructions: z.string().optional(),
    /** The node's details, evaluated when the node was entered: label → value. */
    details: z.record(z.string(), z.json()).optional(),
    form: z.array(FormFieldSchema),
    outcomes: z.array(OutcomeSchema),
    requireCommentOn: z.array(z.string()),
    allowDelegation: z.boolean(),
    dueAt: z.number().int().optional(),
  }),
  z.object({ type: z.literal('task.cancel'), taskKey: z.string(), nodeId: z.string() }),
  /** An open task changed hands (delegation): its record follows. */
  z.object({
    type: z.literal('task.reassign'),
    taskKey: z.string(),
    nodeId: z.string(),
    from: ResolvedAssigneeSchema,
    to: ResolvedAssigneeSchema,
  }),
  z.object({
    type: z.literal('task.remind'),
    taskKeys: z.array(z.string()),
    nodeId: z.string(),
    /** 1 for the first reminder of this visit, 2 for the next…: keys the reminder's e-mails. */
    reminder: z.int().min(1).optional(),
  }),
  z.object({
    type: z.literal('timer.schedule'),
    timerKey: z.string(),
    nodeId: z.string(),
    fireAt: z.number().int(),
  }),
  z.object({ type: z.literal('timer.cancel'), timerKey: z.string(), nodeId: z.string() }),
  z.object({
    type: z.literal('subworkflow.start'),
    childKey: z.string(),
    nodeId: z.string(),
    workflowId: z.string(),
    version: z.union([z.int().min(1), z.literal('latest')]),
    input: z.record(z.string(), z.json()),
  }),
  z.object({ type: z.literal('subworkflow.cancel'), childKey: z.string(), nodeId: z.string() }),
  z.object({
    type: z.literal('instance.complete'),
    outcome: z.enum(['completed', 'rejected', 'failed', 'cancelled']),
    output: z.json(),
    error: StepErrorSchema.optional(),
  }),
]);

export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];
export type StepError = z.infer<typeof StepErrorSchema>;
export type ResolvedAssignee = z.infer<typeof ResolvedAssigneeSchema>;
export { AssigneeSchema };
