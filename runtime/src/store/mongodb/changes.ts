import type { ChangeFeedStore } from '../port';
import type { Change, InstanceChangeKind, TaskChangeKind } from '../schemas/change';
import type { InstanceStatus } from '../schemas/instance';
import type { Assignee } from '../schemas/task';
import type { MongoContext } from './context';
import type { TaskDocument } from './recordDocuments';
import {
  type LogDocument,
  type ReadOptions,
  type SequencedLog,
  append,
  logBounds,
  pruneLog,
  readLog,
} from './sequence';

/**
 * The change feed on MongoDB: a sequenced log (sequence.ts) in the collection `changes`,
 * `{_id: seq, key, change}`. A change cannot share a write with the instance or task it tells of
 * (no multi-document transactions), so the instance's own change rides in the step's record in the
 * instance document and is appended from there (commitSteps.ts, recovery.ts); its `key` makes the
 * append idempotent, so a crash between the two writes loses nothing and doubles nothing.
 *
 * Chosen over a change stream: a change stream needs one process to number events for all (a
 * leader), its resume tokens are not the small integers the port promises, and its history is
 * bounded by the oplog. The cost here is one counter update per batch of appends.
 */
export const CHANGE_LOG: SequencedLog = { collection: 'changes', counter: 'changes' };

export type NewChange = Change extends infer C ? (C extends Change ? Omit<C, 'seq'> : never) : never;

export interface KeyedChange {
  /** Unique per change: `${instanceId}:${rev}:i` for an instance's step, `…:e${n}:${taskId}` for its effects. */
  readonly key: string;
  readonly change: NewChange;
}

export const instanceChange = (
  kind: InstanceChangeKind,
  instance: { id: string; workflowId: string; status: InstanceStatus; startedBy?: string | undefined },
): NewChange => ({
  type: 'instance',
  kind,
  instanceId: instance.id,
  workflowId: instance.workflowId,
  status: instance.status,
  ...(instance.startedBy !== undefined ? { startedBy: instance.startedBy } : {}),
});

/** A task change for the feed (the port's, before the feed numbers it). */
export type TaskChangeRecord = Omit<Extract<Change, { type: 'task' }>, 'seq'>;

/**
 * A change of a task, told as it is stored now, for tasks.ts and step effects alike; `also` names
 * whom else it concerns (a delegation's `from`), `workflowId` stands in for a task stored without one.
 */
export const taskChange = (
  kind: TaskChangeKind,
  doc: Pick<TaskDocument, '_id' | 'instanceId' | 'workflowId' | 'title' | 'assignee'>,
  also: readonly Assignee[] = [],
  workflowId = '',
): TaskChangeRecord => ({
  type: 'task',
  kind,
  taskId: doc._id,
  instanceId: doc.instanceId,
  workflowId: doc.workflowId ?? workflowId,
  title: doc.title,
  assignees: [{ type: doc.assignee.type, id: doc.assignee.id }, ...also],
});

/** Appends changes in order, each once by key; for every part of the adapter (tasks.ts too). */
export async function recordChanges(context: MongoContext, changes: readonly KeyedChange[]): Promise<void> {
  if (changes.length === 0) return;
  await append(
    context,
    CHANGE_LOG,
    changes.map(({ key, change }) => ({ key, fields: { change } })),
  );
}

export const toChange = (doc: LogDocument): Change =>
  ({ ...(doc['change'] as NewChange), seq: doc._id }) as Change;

export function mongoChanges(context: MongoContext, options: ReadOptions = {}): ChangeFeedStore {
  return {
    async readChanges(afterSeq, limit) {
      return (await readLog(context, CHANGE_LOG, afterSeq, limit, options)).map(toChange);
    },
    async changeFeedBounds() {
      return logBounds(context, CHANGE_LOG);
    },
    async pruneChanges(keep) {
      return pruneLog(context, CHANGE_LOG, keep);
    },
  };
}
