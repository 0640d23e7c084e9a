/**
 * Collection `tasks`, one document per human task, written by tasks.ts and by step effects
 * (effects.ts). The document, its writer and its reader are recordDocuments.ts' (TaskDocument,
 * taskDocument, fromTaskDocument), one mapping for both; here are the filters, updates and feed
 * changes the single-task methods build on it.
 */
import { randomUUID } from 'node:crypto';
import type { Filter, UpdateFilter } from 'mongodb';
import { decodeCursor } from '../pageCursor';
import type { Assignee, Delegation, TaskDecision, TaskFilter } from '../schemas/task';
import type { TaskChangeRecord } from './changes';
import { type TaskDocument, storedDecision } from './recordDocuments';

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
