import { z } from 'zod';
import { EpochMsSchema, JsonSchema } from './common';

export const AssigneeSchema = z.object({ type: z.enum(['user', 'group']), id: z.string().min(1) });
export type Assignee = z.infer<typeof AssigneeSchema>;

export const TaskStatusSchema = z.enum(['open', 'decided', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const TaskDecisionSchema = z.object({
  outcome: z.string(),
  by: z.string(),
  at: EpochMsSchema,
  comment: z.string().optional(),
  form: JsonSchema.optional(),
});
export type TaskDecision = z.infer<typeof TaskDecisionSchema>;

export const NewTaskSchema = z.object({
  id: z.string().min(1),
  instanceId: z.string(),
  nodeId: z.string(),
  /** Which of the node's assignee positions this task fills (quorum member, chain step…). */
  slot: z.string(),
  assignee: AssigneeSchema,
  title: z.string(),
  form: JsonSchema,
  outcomes: z.array(z.string()).min(1),
  allowDelegation: z.boolean(),
  dueAt: EpochMsSchema.optional(),
  createdAt: EpochMsSchema,
});
export type NewTask = z.infer<typeof NewTaskSchema>;

export const TaskSchema = NewTaskSchema.extend({
  status: TaskStatusSchema,
  decision: TaskDecisionSchema.optional(),
  delegatedFrom: AssigneeSchema.optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const TaskFilterSchema = z.object({
  /** With `groups`: tasks assigned to this user or to any of these groups. */
  assigneeUserId: z.string().optional(),
  groups: z.array(z.string()).optional(),
  status: TaskStatusSchema.optional(),
  instanceId: z.string().optional(),
});
export type TaskFilter = z.infer<typeof TaskFilterSchema>;

export const DelegationSchema = z.object({ from: AssigneeSchema, to: AssigneeSchema });
export type Delegation = z.infer<typeof DelegationSchema>;

/** Why a decision or delegation lost its compare-and-set. */
export const TaskRefusalSchema = z.enum(['not_found', 'already_decided', 'cancelled', 'assignee_changed']);
export type TaskRefusal = z.infer<typeof TaskRefusalSchema>;

export type TaskChangeResult = { ok: true; task: Task } | { ok: false; reason: TaskRefusal };
