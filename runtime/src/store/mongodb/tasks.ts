// The document shape (collection `tasks`) and its mapping live in recordDocuments.ts, the filters
// and updates built for it in taskDocuments.ts; step effects use the same mapping.
import type { TaskStore } from '../port';
import type { TaskChangeResult } from '../schemas/task';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import { toPage } from '../pageCursor';
import { TASKS, type TaskDocument, type TaskOrigin, fromTaskDocument, taskDocument } from './recordDocuments';
import {
  TASK_ORDER,
  type TaskChangeSink,
  cancelUpdate,
  createTaskWrite,
  decideUpdate,
  delegable,
  delegateUpdate,
  keyedTaskChange,
  listFilter,
  openTask,
  openTasksOf,
} from './taskDocuments';
import { taskChange } from './changes';

/** The instances collection (h/mongo-core's): read only for a new task's workflow and version. */
const INSTANCES = 'instances';

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

  const originOf = async (instanceId: string): Promise<TaskOrigin | undefined> => {
    const instance = await instances.findOne(
      { _id: instanceId },
      { projection: { workflowId: 1, version: 1 } },
    );
    return instance ? { workflowId: instance.workflowId, version: instance.version } : undefined;
  };

  /** Why a compare-and-set on an open task lost, read after the failed update. */
  const refusal = async (id: string, delegation?: boolean): Promise<TaskChangeResult> => {
    const doc = await tasks.findOne({ _id: id }, { projection: { status: 1 } });
    if (!doc) return { ok: false, reason: 'not_found' };
    if (doc.status === 'decided') return { ok: false, reason: 'already_decided' };
    if (doc.status === 'cancelled') return { ok: false, reason: 'cancelled' };
    return { ok: false, reason: delegation ? 'assignee_changed' : 'already_decided' };
  };

  return withStoreErrors('tasks', {
    async createTask(task) {
      const doc = taskDocument(task, await originOf(task.instanceId));
      const { filter, update } = createTaskWrite(doc);
      if ((await tasks.updateOne(filter, update, { upsert: true })).upsertedCount === 0) return false;
      await changes.recordTaskChanges([keyedTaskChange(taskChange('created', doc))]);
      return true;
    },

    async getTask(id) {
      const doc = await tasks.findOne({ _id: id });
      return doc ? fromTaskDocument(doc) : null;
    },

    async listTasks(filter, { limit, cursor }) {
      const docs = await tasks
        .find(listFilter(filter, cursor))
        .sort(TASK_ORDER)
        .limit(limit + 1)
        .toArray();
      return toPage(docs.map(fromTaskDocument), limit, (task) => ({ at: task.createdAt, id: task.id }));
    },

    async decideTask(id, decision) {
      const doc = await tasks.findOneAndUpdate(openTask(id), decideUpdate(decision), {
        returnDocument: 'after',
      });
      if (!doc) return refusal(id);
      await changes.recordTaskChanges([keyedTaskChange(taskChange('decided', doc))]);
      return { ok: true, task: fromTaskDocument(doc) };
    },

    async delegateTask(id, delegation) {
      const doc = await tasks.findOneAndUpdate(delegable(id, delegation.from), delegateUpdate(delegation), {
        returnDocument: 'after',
      });
      if (!doc) return refusal(id, true);
      // The one it came from hears of it too: the task leaves their inbox.
      await changes.recordTaskChanges([keyedTaskChange(taskChange('delegated', doc, [delegation.from]))]);
      return { ok: true, task: fromTaskDocument(doc) };
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
        await changes.recordTaskChanges(
          cancelled.map((doc) => keyedTaskChange(taskChange('cancelled', doc))),
        );
      return cancelled.length;
    },
  });
}
