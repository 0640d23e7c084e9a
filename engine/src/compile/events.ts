import { z } from 'zod';

/** Every event carries `at` (ms since epoch): time enters the engine as data, never from a clock. */
const at = z.number().int().nonnegative();

export const JobErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});

export const EventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job.done'), jobKey: z.string(), output: z.json(), at }),
  z.object({ type: z.literal('job.failed'), jobKey: z.string(), error: JobErrorSchema, at }),
  z.object({
    type: z.literal('task.decided'),
    taskKey: z.string(),
    outcome: z.string(),
    by: z.string().min(1),
    comment: z.string().max(10_000).optional(),
    form: z.record(z.string(), z.json()).optional(),
    at,
  }),
  /** The assignee of an open task hands it to someone else (when the approval allows it). */
  z.object({
    type: z.literal('task.delegated'),
    taskKey: z.string(),
    to: z.object({ type: z.literal('user'), id: z.string().min(1) }),
    by: z.string().min(1),
    comment: z.string().max(10_000).optional(),
    at,
  }),
  /**
   * The runtime cannot give a new task to its assignee (unknown, disabled, not allowed to decide,
   * or the requester under segregation of duties): the approval raises an incident.
   */
  z.object({
    type: z.literal('task.unassignable'),
    taskKey: z.string(),
    code: z.string().min(1).max(64),
    message: z.string().max(2000),
    at,
  }),
  z.object({ type: z.literal('timer.fired'), timerKey: z.string(), at }),
  z.object({
    type: z.literal('event.received'),
    event: z.string(),
    correlationKey: z.string(),
    payload: z.json(),
    /**
     * The message it came in (a signed webhook call): an instance takes each message at most
     * once, so a sender's retry changes nothing where the first delivery was taken.
     */
    messageId: z.string().min(1).max(200).optional(),
    at,
  }),
  z.object({
    type: z.literal('subworkflow.done'),
    childKey: z.string(),
    outcome: z.string(),
    output: z.json(),
    /** Why a failed child failed, so the parent's error can say it. */
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    at,
  }),
  /** The runtime did not start a child (a limit, an unknown workflow, input its form refused). */
  z.object({
    type: z.literal('subworkflow.refused'),
    childKey: z.string(),
    error: z.object({ code: z.string().min(1), message: z.string() }),
    at,
  }),
  /**
   * The runtime ends the instance as failed instead of committing a step that would have gone past
   * a run-time limit; what the instance waited on is withdrawn as on a cancel.
   */
  z.object({
    type: z.literal('instance.fail'),
    code: z.string().min(1),
    message: z.string(),
    nodeId: z.string().optional(),
    at,
  }),
  /** An operator retries a task that failed without an error edge, or a child that was refused (incidents). */
  z.object({ type: z.literal('job.retry'), nodeId: z.string(), by: z.string().optional(), at }),
  z.object({
    type: z.literal('instance.cancel'),
    by: z.string().optional(),
    reason: z.string().max(2000).optional(),
    at,
  }),
  /**
   * The requester (or someone allowed to cancel) withdraws the request: like a cancel, every open
   * task, timer, job and child is withdrawn, and the instance ends cancelled, marked withdrawn.
   */
  z.object({
    type: z.literal('instance.withdraw'),
    by: z.string().min(1),
    reason: z.string().max(2000).optional(),
    at,
  }),
]);

/** What the runtime sends to an instance. */
export type EngineEvent = z.infer<typeof EventSchema>;
export type JobError = z.infer<typeof JobErrorSchema>;

/** Raised inside a step when an expression fails; it never comes from outside. */
export interface StepFailedEvent {
  readonly type: 'step.failed';
  readonly nodeId: string;
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

/** What starts an instance: its validated input and the start time. */
export interface StartInput {
  readonly input: Record<string, unknown>;
  readonly at: number;
  /** The instance's id: it qualifies the idempotency keys task input mappings can read. */
  readonly instanceId?: string;
}

export type MachineEvent = EngineEvent | StepFailedEvent;
