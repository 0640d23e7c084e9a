/**
 * Collection `tasks`, one document per human task, written here and by step effects (effects.ts,
 * which must use taskDocument / the filters and updates below, and record taskChange for each
 * change it makes):
 *
 *   { _id: task id, instanceId, nodeId, slot, assignee: { type: 'user' | 'group', id }, title,
 *     form: JSON text, outcomes: string[], allowDelegation, dueAt?: epoch ms, createdAt: epoch ms,
 *     status: 'open' | 'decided' | 'cancelled',
 *     decision?: { outcome, by, at: epoch ms, comment?, form?: JSON text },
 *     delegatedFrom?: { type, id },
 *     closedAt?: epoch ms        (decided: the decision's time; cancelled: when given),
 *     workflowId?, version?      (copied from the instance at creation, for statistics and the feed) }
 */
import { randomUUID } from 'node:crypto';
import type { Filter, UpdateFilter } from 'mongodb';
import { decodeCursor } from '../pageCursor';
import type { Change } from '../schemas/change';
import type { Json } from '../schemas/common';
import type {
  Assignee,
  Delegation,
  NewTask,
  Task,
  TaskDecision,
  TaskFilter,
  TaskStatus,
} from '../schemas/task';
import { fromPayloadText, toPayloadText } from './payloadText';

export const TASKS = 'tasks';

interface StoredDecision {
  outcome: string;
  by: string;
  at: number;
  comment?: string;
  form?: string;
}

export interface TaskDocument {
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
  createdAt: number;
  status: TaskStatus;
  decision?: StoredDecision;
  delegatedFrom?: Assignee;
  closedAt?: number;
  workflowId?: string;
  version?: number;
}

/** Where the task's instance belongs; absent when the instance is not (yet) stored. */
export interface TaskOrigin {
  workflowId: string;
  version: number;
}

export function taskDocument(task: NewTask, origin: TaskOrigin | null): TaskDocument {
  return {
    _id: task.id,
    instanceId: task.instanceId,
    nodeId: task.nodeId,
    slot: task.slot,
    assignee: { type: task.assignee.type, id: task.assignee.id },
    title: task.title,
    form: toPayloadText(task.form),
    outcomes: [...task.outcomes],
    allowDelegation: task.allowDelegation,
    ...(task.dueAt !== undefined ? { dueAt: task.dueAt } : {}),
    createdAt: task.createdAt,
    status: 'open',
    ...(origin ? { workflowId: origin.workflowId, version: origin.version } : {}),
  };
}

const storedDecision = (decision: TaskDecision): StoredDecision => ({
  outcome: decision.outcome,
  by: decision.by,
  at: decision.at,
  ...(decision.comment !== undefined ? { comment: decision.comment } : {}),
  ...(decision.form !== undefined ? { form: toPayloadText(decision.form) } : {}),
});

const toDecision = (stored: StoredDecision): TaskDecision => ({
  outcome: stored.outcome,
  by: stored.by,
  at: stored.at,
  ...(stored.comment !== undefined ? { comment: stored.comment } : {}),
  ...(stored.form !== undefined ? { form: fromPayloadText<Json>(stored.form) } : {}),
});

export function toTask(doc: TaskDocument): Task {
  return {
    id: doc._id,
    instanceId: doc.instanceId,
    nodeId: doc.nodeId,
    slot: doc.slot,
    assignee: { type: doc.assignee.type, id: doc.assignee.id },
    title: doc.title,
    form: fromPayloadText<Json>(doc.form),
    outcomes: doc.outcomes,
    allowDelegation: doc.allowDelegation,
    ...(doc.dueAt !== undefined ? { dueAt: doc.dueAt } : {}),
    createdAt: doc.createdAt,
    status: doc.status,
    ...(doc.decision !== undefined ? { decision: toDecision(doc.decision) } : {}),
    ...(doc.delegatedFrom !== undefined ? { delegatedFrom: doc.delegatedFrom } : {}),
  };
}

// Filters and updates: pure, checked against the indexes in tasks.test.ts, shared with effects.

/** Idempotent create: an upsert keyed by id that writes only when the id is new. */
export function createTaskWrite(doc: TaskDocument): {
  filter: Filter<TaskDocument>;
  update: UpdateFilter<TaskDocument>;
} {
  const { _id, ...fields } = doc;
  return { filter: { _id }, update: { $setOnInsert: fields } };
}

export const openTask = (id: string): Filter<TaskDocument> => ({ _id: id, status: 'open' });

export const decideUpdate = (decision: TaskDecision): UpdateFilter<TaskDocument> => ({
  $set: { status: 'decided', decision: storedDecision(decision), closedAt: decision.at },
});

/** Compare-and-set on 'open' and on the assignee still being `from`. */
export const delegable = (id: string, from: Assignee): Filter<TaskDocument> => ({
  _id: id,
  status: 'open',
  'assignee.type': from.type,
  'assignee.id': from.id,
});

export const delegateUpdate = ({ from, to }: Delegation): UpdateFilter<TaskDocument> => ({
  $set: { assignee: { type: to.type, id: to.id }, delegatedFrom: { type: from.type, id: from.id } },
});

export const openTasksOf = (instanceId: string, nodeId?: string): Filter<TaskDocument> => ({
  instanceId,
  ...(nodeId !== undefined ? { nodeId } : {}),
  status: 'open',
});

export const cancelUpdate = (at?: number): UpdateFilter<TaskDocument> => ({
  $set: { status: 'cancelled', ...(at !== undefined ? { closedAt: at } : {}) },
});

export const TASK_ORDER = { createdAt: 1, _id: 1 } as const;

/** A listing's filter: the assignee, status and instance asked for, after the cursor's key. */
export function listFilter(filter: TaskFilter, cursor?: string): Filter<TaskDocument> {
  const clauses: Filter<TaskDocument>[] = [];
  const mine: Filter<TaskDocument>[] = [];
  if (filter.assigneeUserId !== undefined)
    mine.push({ 'assignee.type': 'user', 'assignee.id': filter.assigneeUserId });
  if (filter.groups !== undefined)
    mine.push({ 'assignee.type': 'group', 'assignee.id': { $in: filter.groups } });
  if (mine.length === 1) clauses.push(mine[0]!);
  if (mine.length > 1) clauses.push({ $or: mine });
  const plain: Filter<TaskDocument> = {
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    ...(filter.instanceId !== undefined ? { instanceId: filter.instanceId } : {}),
  };
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    clauses.push({
      $or: [{ createdAt: { $gt: after.at } }, { createdAt: after.at, _id: { $gt: after.id } }],
    });
  }
  return clauses.length === 0 ? plain : { ...plain, $and: clauses };
}

/** A task change for the feed, told as the task is stored now (plus, for a delegation, its former assignee). */
export type TaskChangeRecord = Omit<Extract<Change, { type: 'task' }>, 'seq'>;

export function taskChange(
  kind: TaskChangeRecord['kind'],
  doc: TaskDocument,
  also: readonly Assignee[] = [],
): TaskChangeRecord {
  return {
    type: 'task',
    kind,
    taskId: doc._id,
    instanceId: doc.instanceId,
    workflowId: doc.workflowId ?? '',
    title: doc.title,
    assignees: [{ type: doc.assignee.type, id: doc.assignee.id }, ...also],
  };
}

/** A change with the key that makes appending it idempotent (the feed keeps the first per key). */
export interface KeyedTaskChange {
  readonly key: string;
  readonly change: TaskChangeRecord;
}

/**
 * A standalone call's change, keyed: creation, decision and cancellation happen once per task; a
 * task may be delegated again and again, so each delegation gets a key of its own.
 */
export const keyedTaskChange = (change: TaskChangeRecord): KeyedTaskChange => ({
  key: `task:${change.taskId}:${change.kind}${change.kind === 'delegated' ? `:${randomUUID()}` : ''}`,
  change,
});

/**
 * Where task changes go: the change feed (h/mongo-core's changes.ts `recordChanges(context, …)`),
 * which numbers them. The tasks part appends each change right after the write that made it: a
 * crash between the two loses that live update (the task itself is stored), never the task.
 */
export interface TaskChangeSink {
  recordTaskChanges(changes: readonly KeyedTaskChange[]): Promise<void>;
}
