import type { Document } from 'mongodb';
import type { Json } from '../schemas/common';
import type { Job, JobResult, JobStatus, NewJob } from '../schemas/job';
import type { Lease } from '../schemas/lease';
import type { Assignee, NewTask, Task, TaskDecision, TaskStatus } from '../schemas/task';
import type { NewTimer, Timer, TimerStatus } from '../schemas/timer';
import { fromText, present, toText } from './json';

/**
 * The job, timer and task documents, shared by step effects (effects.ts) and the single-record
 * methods (jobs.ts, timers.ts, tasks.ts): both write the same collections, so both map with these.
 * Fields are named as in the port's schemas; `_id` is the id; opaque payloads are JSON text (json.ts).
 * `effectOrder` (rev × 2^20 + effect index) is set by step effects only: a record changed by a
 * later step is never changed back by an earlier step's effect finished late (recovery.ts).
 */

export const JOBS = 'jobs';
export const TIMERS = 'timers';
export const TASKS = 'tasks';

/** jobs: `{_id, instanceId, nodeId, action, connection?, input: text, attempt, idempotencyKey, runAt,
 * timeoutMs, maxAttempts?, status, leaseOwner?, leaseToken?, leaseExpiresAt?, result?: text, effectOrder?}` */
export interface JobDocument extends Document {
  _id: string;
  instanceId: string;
  nodeId: string;
  action: string;
  connection?: string;
  input: string;
  attempt: number;
  idempotencyKey: string;
  runAt: number;
  timeoutMs: number;
  maxAttempts?: number;
  status: JobStatus;
  leaseOwner?: string;
  leaseToken?: string;
  leaseExpiresAt?: number;
  result?: string;
  effectOrder?: number;
}

/** timers: `{_id, instanceId, timerId, fireAt, status, leaseOwner?, leaseToken?, leaseExpiresAt?, effectOrder?}` */
export interface TimerDocument extends Document {
  _id: string;
  instanceId: string;
  timerId: string;
  fireAt: number;
  status: TimerStatus;
  leaseOwner?: string;
  leaseToken?: string;
  leaseExpiresAt?: number;
  effectOrder?: number;
}

/**
 * tasks: `{_id, instanceId, nodeId, slot, assignee: {type, id}, title, form: text, outcomes, allowDelegation,
 * dueAt?, status, decision?: {outcome, by, at, comment?, form?: text}, delegatedFrom?: {type, id}, createdAt, workflowId?, version?, closedAt?,
 * effectOrder?}`; workflowId/version are the instance's (statistics), closedAt when decided or cancelled.
 */
export interface TaskDocument extends Document {
  _id: string;
  instanceId: string;
  nodeId: string;
  slot: string;
  assignee: Assignee;
  title: string;
  form: string;
  outcomes: string[];
  allowDelegation: boolean;
  dueAt?: number;
  status: TaskStatus;
  decision?: StoredDecision;
  delegatedFrom?: Assignee;
  createdAt: number;
  workflowId?: string;
  version?: number;
  closedAt?: number;
  effectOrder?: number;
}

/** A decision as stored: a subdocument (statistics read `at`), its form as text. */
export interface StoredDecision {
  outcome: string;
  by: string;
  at: number;
  comment?: string;
  form?: string;
}

export const storedDecision = (decision: TaskDecision): StoredDecision =>
  present<StoredDecision>({
    outcome: decision.outcome,
    by: decision.by,
    at: decision.at,
    comment: decision.comment,
    form: decision.form === undefined ? undefined : toText(decision.form),
  });

const fromStoredDecision = (stored: StoredDecision): TaskDecision =>
  present<TaskDecision>({
    outcome: stored.outcome,
    by: stored.by,
    at: stored.at,
    comment: stored.comment,
    form: stored.form === undefined ? undefined : fromText<Json>(stored.form, 'decision form'),
  });

export function jobDocument(job: NewJob, lease?: Lease): JobDocument {
  return present<JobDocument>({
    _id: job.id,
    instanceId: job.instanceId,
    nodeId: job.nodeId,
    action: job.action,
    connection: job.connection,
    input: toText(job.input),
    attempt: job.attempt,
    idempotencyKey: job.idempotencyKey,
    runAt: job.runAt,
    timeoutMs: job.timeoutMs,
    maxAttempts: job.maxAttempts,
    status: lease ? 'running' : 'queued',
    leaseOwner: lease?.leaseOwner,
    leaseToken: lease?.leaseToken,
    leaseExpiresAt: lease?.leaseExpiresAt,
  });
}

export function fromJobDocument(doc: JobDocument): Job {
  return present<Job>({
    id: doc._id,
    instanceId: doc.instanceId,
    nodeId: doc.nodeId,
    action: doc.action,
    connection: doc.connection,
    input: fromText<Json>(doc.input, 'job input'),
    attempt: doc.attempt,
    idempotencyKey: doc.idempotencyKey,
    runAt: doc.runAt,
    timeoutMs: doc.timeoutMs,
    maxAttempts: doc.maxAttempts,
    status: doc.status,
    leaseOwner: doc.leaseOwner,
    leaseExpiresAt: doc.leaseExpiresAt,
    result: doc.result === undefined ? undefined : fromText<JobResult>(doc.result, 'job result'),
  });
}

export const timerDocument = (timer: NewTimer): TimerDocument => ({
  _id: timer.id,
  instanceId: timer.instanceId,
  timerId: timer.timerId,
  fireAt: timer.fireAt,
  status: 'scheduled',
});

export const fromTimerDocument = (doc: TimerDocument): Timer =>
  present<Timer>({
    id: doc._id,
    instanceId: doc.instanceId,
    timerId: doc.timerId,
    fireAt: doc.fireAt,
    status: doc.status,
    leaseOwner: doc.leaseOwner,
    leaseExpiresAt: doc.leaseExpiresAt,
  });

/** Where a task's instance belongs (statistics and the change feed). */
export interface TaskOrigin {
  workflowId: string;
  version: number;
}

/** `of`: the task's instance, when it is stored (absent: the document has no workflowId/version). */
export function taskDocument(task: NewTask, of?: TaskOrigin): TaskDocument {
  return present<TaskDocument>({
    _id: task.id,
    instanceId: task.instanceId,
    nodeId: task.nodeId,
    slot: task.slot,
    assignee: { type: task.assignee.type, id: task.assignee.id },
    title: task.title,
    form: toText(task.form),
    outcomes: [...task.outcomes],
    allowDelegation: task.allowDelegation,
    dueAt: task.dueAt,
    status: 'open',
    createdAt: task.createdAt,
    workflowId: of?.workflowId,
    version: of?.version,
  });
}

export const fromTaskDocument = (doc: TaskDocument): Task =>
  present<Task>({
    id: doc._id,
    instanceId: doc.instanceId,
    nodeId: doc.nodeId,
    slot: doc.slot,
    assignee: { type: doc.assignee.type, id: doc.assignee.id },
    title: doc.title,
    form: fromText<Json>(doc.form, 'task form'),
    outcomes: doc.outcomes,
    allowDelegation: doc.allowDelegation,
    dueAt: doc.dueAt,
    status: doc.status,
    decision: doc.decision === undefined ? undefined : fromStoredDecision(doc.decision),
    delegatedFrom: doc.delegatedFrom,
    createdAt: doc.createdAt,
  });

/** Ends a lease (job finished or cancelled, timer fired or cancelled). */
export const CLEAR_LEASE = { leaseOwner: '', leaseToken: '', leaseExpiresAt: '' } as const;
