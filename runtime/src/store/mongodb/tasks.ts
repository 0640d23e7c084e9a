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
import type { Filter, UpdateFilter } from 'mongodb';
import { decodeCursor, toPage } from '../pageCursor';
import type { TaskStore } from '../port';
import type { Change } from '../schemas/change';
import type { Json } from '../schemas/common';
import type {
  Assignee,
  Delegation,
  NewTask,
  Task,
  TaskChangeResult,
  TaskDecision,
  TaskFilter,
  TaskStatus,
} from '../schemas/task';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { fromPayloadText, toPayloadText } from './payloadText';

export const TASKS = 'tasks';
/** The instances collection (h/mongo-core's): read only for a new task's workflow and version. */
const INSTANCES = 'instances';

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

/**
 * Where task changes go: the change feed (changes.ts, h/mongo-core's), which numbers them. The
 * tasks part records each change right after the write that made it.
 */
export interface TaskChangeSink {
  recordTaskChanges(changes: readonly TaskChangeRecord[]): Promise<void>;
}

const epochMs = { bsonType: ['int', 'long', 'double'] };
const assigneeSchema = {
  bsonType: 'object',
  required: ['type', 'id'],
  properties: { type: { enum: ['user', 'group'] }, id: { bsonType: 'string' } },
};

export const taskCollections: CollectionSpec[] = [
  {
    name: TASKS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: [
          '_id',
          'instanceId',
          'nodeId',
          'slot',
          'assignee',
          'title',
          'form',
          'outcomes',
          'allowDelegation',
          'createdAt',
          'status',
        ],
        properties: {
          _id: { bsonType: 'string' },
          instanceId: { bsonType: 'string' },
          nodeId: { bsonType: 'string' },
          slot: { bsonType: 'string' },
          assignee: assigneeSchema,
          title: { bsonType: 'string' },
          form: { bsonType: 'string' },
          outcomes: { bsonType: 'array', minItems: 1, items: { bsonType: 'string' } },
          allowDelegation: { bsonType: 'bool' },
          dueAt: epochMs,
          createdAt: epochMs,
          status: { enum: ['open', 'decided', 'cancelled'] },
          decision: {
            bsonType: 'object',
            required: ['outcome', 'by', 'at'],
            properties: {
              outcome: { bsonType: 'string' },
              by: { bsonType: 'string' },
              at: epochMs,
              comment: { bsonType: 'string' },
              form: { bsonType: 'string' },
            },
          },
          delegatedFrom: assigneeSchema,
          closedAt: epochMs,
          workflowId: { bsonType: 'string' },
          version: { bsonType: ['int', 'long', 'double'] },
        },
      },
    },
    indexes: [
      // Inboxes: a user's tasks and their groups' tasks, oldest first (status checked on the way).
      { key: { 'assignee.type': 1, 'assignee.id': 1, createdAt: 1, _id: 1 }, name: 'tasks_by_assignee' },
      // An instance's tasks (and cancelling a node's open ones), oldest first.
      { key: { instanceId: 1, createdAt: 1, _id: 1 }, name: 'tasks_by_instance' },
      { key: { status: 1, createdAt: 1, _id: 1 }, name: 'tasks_by_status' },
      { key: { createdAt: 1, _id: 1 }, name: 'tasks_by_created_at' },
    ],
  },
];

export function mongoTasks(context: MongoContext, changes: TaskChangeSink): TaskStore {
  const tasks = consistentCollection<TaskDocument>(context, TASKS);
  const instances = consistentCollection<{ _id: string; workflowId: string; version: number }>(
    context,
    INSTANCES,
  );

  const originOf = async (instanceId: string): Promise<TaskOrigin | null> => {
    const instance = await instances.findOne(
      { _id: instanceId },
      { projection: { workflowId: 1, version: 1 } },
    );
    return instance ? { workflowId: instance.workflowId, version: instance.version } : null;
  };

  /** Why a compare-and-set on an open task lost, read after the failed update. */
  const refusal = async (id: string, delegation?: boolean): Promise<TaskChangeResult> => {
    const doc = await tasks.findOne({ _id: id }, { projection: { status: 1 } });
    if (!doc) return { ok: false, reason: 'not_found' };
    if (doc.status === 'decided') return { ok: false, reason: 'already_decided' };
    if (doc.status === 'cancelled') return { ok: false, reason: 'cancelled' };
    return { ok: false, reason: delegation ? 'assignee_changed' : 'already_decided' };
  };

  return {
    async createTask(task) {
      const doc = taskDocument(task, await originOf(task.instanceId));
      const { filter, update } = createTaskWrite(doc);
      if ((await tasks.updateOne(filter, update, { upsert: true })).upsertedCount === 0) return false;
      await changes.recordTaskChanges([taskChange('created', doc)]);
      return true;
    },

    async getTask(id) {
      const doc = await tasks.findOne({ _id: id });
      return doc ? toTask(doc) : null;
    },

    async listTasks(filter, { limit, cursor }) {
      const docs = await tasks
        .find(listFilter(filter, cursor))
        .sort(TASK_ORDER)
        .limit(limit + 1)
        .toArray();
      return toPage(docs.map(toTask), limit, (task) => ({ at: task.createdAt, id: task.id }));
    },

    async decideTask(id, decision) {
      const doc = await tasks.findOneAndUpdate(openTask(id), decideUpdate(decision), {
        returnDocument: 'after',
      });
      if (!doc) return refusal(id);
      await changes.recordTaskChanges([taskChange('decided', doc)]);
      return { ok: true, task: toTask(doc) };
    },

    async delegateTask(id, delegation) {
      const doc = await tasks.findOneAndUpdate(delegable(id, delegation.from), delegateUpdate(delegation), {
        returnDocument: 'after',
      });
      if (!doc) return refusal(id, true);
      // The one it came from hears of it too: the task leaves their inbox.
      await changes.recordTaskChanges([taskChange('delegated', doc, [delegation.from])]);
      return { ok: true, task: toTask(doc) };
    },

    async cancelTasks(instanceId, nodeId, at) {
      const open = await tasks
        .find(openTasksOf(instanceId, nodeId), { projection: { _id: 1 } })
        .sort(TASK_ORDER)
        .toArray();
      // One compare-and-set per task, so each change told is one this call made.
      const cancelled: TaskDocument[] = [];
      for (const { _id } of open) {
        const doc = await tasks.findOneAndUpdate(openTask(_id), cancelUpdate(at), {
          returnDocument: 'after',
        });
        if (doc) cancelled.push(doc);
      }
      if (cancelled.length > 0)
        await changes.recordTaskChanges(cancelled.map((doc) => taskChange('cancelled', doc)));
      return cancelled.length;
    },
  };
}
