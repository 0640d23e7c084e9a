import type { CollectionSpec } from './context';
import { COUNTERS } from './sequence';
import { CHANGE_LOG } from './changes';
import { HISTORY } from './history';
import { INSTANCES } from './recovery';
import { DRAFTS, PUBLICATION_LOG, VERSIONS } from './workflows';
import { num, obj, str, strings, validator } from './schemaParts';

const INSTANCE_STATUS = { enum: ['running', 'completed', 'rejected', 'failed', 'cancelled'] };
const exists = (field: string) => ({ [field]: { $exists: true } });

/**
 * The collections of the parts this file's neighbours write (instances, history, the change feed,
 * workflows). Indexes are named so an operator can find each in the deploy guide; each serves a
 * query named beside it (coreCollections.test.ts checks every query against them).
 * No index holds `updatedAt` or `rev`: every step rewrites them (as on SQLite, that would tax
 * every commit), and no query seeks on them.
 */
export const instanceCollections: CollectionSpec[] = [
  {
    name: INSTANCES,
    validator: validator(
      [
        '_id',
        'workflowId',
        'version',
        'status',
        'rev',
        'snapshot',
        'input',
        'currentNodes',
        'correlationKeys',
        'createdAt',
        'updatedAt',
        'outbox',
        'historyHead',
        'pending',
      ],
      {
        _id: str,
        workflowId: str,
        version: num,
        status: INSTANCE_STATUS,
        rev: num,
        snapshot: str,
        input: str,
        outcome: str,
        output: str,
        error: {
          bsonType: 'object',
          required: ['code', 'message'],
          properties: { code: str, message: str, nodeId: str },
        },
        currentNodes: strings,
        correlationKeys: strings,
        parent: {
          bsonType: 'object',
          required: ['instanceId', 'childKey'],
          properties: { instanceId: str, childKey: str, rootId: str, depth: num },
        },
        startedBy: str,
        businessKey: str,
        createdAt: num,
        updatedAt: num,
        outbox: {
          bsonType: 'array',
          items: { bsonType: 'object', required: ['id', 'command'], properties: { id: str, command: str } },
        },
        outboxAt: num,
        historyHead: { bsonType: 'object', required: ['seq', 'hash'], properties: { seq: num, hash: str } },
        pending: {
          bsonType: 'array',
          items: {
            bsonType: 'object',
            required: ['rev', 'history', 'effects'],
            properties: { rev: num, history: { bsonType: 'array' }, effects: str, change: obj },
          },
        },
        pendingAt: num,
        openIncidents: num,
        endStatus: INSTANCE_STATUS,
        endedAt: num,
        stepToken: str,
        reservationTokens: strings,
      },
    ),
    indexes: [
      // listInstances without filters (and with a created range), newest first.
      { name: 'instances_by_created', key: { createdAt: -1, _id: -1 } },
      { name: 'instances_by_workflow', key: { workflowId: 1, createdAt: -1, _id: -1 } },
      { name: 'instances_by_version', key: { workflowId: 1, version: 1, createdAt: -1, _id: -1 } },
      { name: 'instances_by_status', key: { status: 1, createdAt: -1, _id: -1 } },
      { name: 'instances_by_starter', key: { startedBy: 1, createdAt: -1, _id: -1 } },
      // listInstances({ businessKey }) newest first, and a prefix as a range on its leading key:
      // only runs that have a key.
      {
        name: 'instances_by_business_key',
        key: { businessKey: 1, createdAt: -1, _id: -1 },
        partialFilterExpression: exists('businessKey'),
      },
      // findInstancesByCorrelation: multikey over the keys, oldest first.
      { name: 'instances_by_correlation', key: { correlationKeys: 1, createdAt: 1, _id: 1 } },
      // countInstancesInTree: only children with a recorded root.
      {
        name: 'instances_by_root',
        key: { 'parent.rootId': 1 },
        partialFilterExpression: exists('parent.rootId'),
      },
      // listUndispatched: only instances whose outbox holds commands, oldest first.
      { name: 'instances_with_outbox', key: { outboxAt: 1 }, partialFilterExpression: exists('outboxAt') },
      // listInstances({ hasIncident: true }): only instances with a node waiting for an operator.
      {
        name: 'instances_with_incident',
        key: { createdAt: -1, _id: -1 },
        partialFilterExpression: exists('openIncidents'),
      },
      // countInstances({ hasIncident: true, status: 'running' }) of all workflows or one (the
      // dashboard's exact incident count): counted over the index alone.
      {
        name: 'instances_incident_counts',
        key: { status: 1, workflowId: 1 },
        partialFilterExpression: exists('openIncidents'),
      },
      // Recovery of step records a crash left: only instances that have some.
      {
        name: 'instances_with_pending_steps',
        key: { pendingAt: 1 },
        partialFilterExpression: exists('pendingAt'),
      },
    ],
  },
];

export const historyCollections: CollectionSpec[] = [
  {
    name: HISTORY,
    validator: validator(['_id', 'instanceId', 'seq', 'at', 'type', 'data', 'prevHash', 'hash'], {
      _id: str,
      instanceId: str,
      seq: num,
      at: num,
      type: str,
      nodeId: str,
      actor: str,
      data: str,
      step: {
        bsonType: 'object',
        required: ['activeNodes', 'commands'],
        properties: { activeNodes: strings, commands: strings },
      },
      prevHash: str,
      hash: str,
    }),
    // readHistory (seq order) and the idempotent copy from the instance (unique per entry).
    indexes: [{ name: 'history_by_instance', key: { instanceId: 1, seq: 1 }, unique: true }],
  },
];

const logEntry = (fields: Record<string, unknown>) =>
  validator(['_id', 'key'], { _id: num, key: str, skipped: { bsonType: 'bool' }, ...fields });

export const changeCollections: CollectionSpec[] = [
  {
    name: CHANGE_LOG.collection,
    validator: logEntry({ change: obj }),
    // Readers walk _id; appends are idempotent by key.
    indexes: [{ name: 'changes_by_key', key: { key: 1 }, unique: true }],
  },
  {
    name: COUNTERS,
    validator: validator(['_id'], { _id: str, seq: num, prunedThrough: num }),
    indexes: [],
  },
];

export const workflowCollections: CollectionSpec[] = [
  {
    name: DRAFTS,
    validator: validator(['_id', 'name', 'definition', 'draftRev', 'updatedAt', 'updatedBy'], {
      _id: str,
      name: str,
      definition: str,
      draftRev: num,
      updatedAt: num,
      updatedBy: str,
    }),
    indexes: [],
  },
  {
    name: VERSIONS,
    validator: validator(['_id', 'workflowId', 'version', 'definition', 'publishedAt', 'publishedBy'], {
      _id: str,
      workflowId: str,
      version: num,
      definition: str,
      publishedAt: num,
      publishedBy: str,
      note: str,
      announce: { enum: [true] },
    }),
    indexes: [
      // Immutable versions: one per (workflowId, version); latest and listings by version.
      { name: 'versions_by_workflow', key: { workflowId: 1, version: 1 }, unique: true },
      // Publications a crash left unannounced.
      {
        name: 'versions_unannounced',
        key: { announce: 1 },
        partialFilterExpression: { announce: { $eq: true } },
      },
    ],
  },
  {
    name: PUBLICATION_LOG.collection,
    validator: logEntry({ workflowId: str, version: num, publishedAt: num }),
    indexes: [{ name: 'publications_by_key', key: { key: 1 }, unique: true }],
  },
];

export const coreCollections: CollectionSpec[] = [
  ...instanceCollections,
  ...historyCollections,
  ...changeCollections,
  ...workflowCollections,
];
