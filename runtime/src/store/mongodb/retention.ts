/**
 * Data retention over the instances and the records that name them. Collection `retentionPolicies`,
 * one document per workflow with a policy of its own:
 *
 *   { _id: workflowId, endedInstancesDays: number | null, mode?: 'delete' | 'archive', updatedAt, updatedBy }
 *
 * Without multi-document transactions a prune removes an instance's records first and the instance
 * document last, by a delete that checks again that it is ended, old enough and holds nothing
 * open: a crash in between leaves the instance (ended, still prunable) for the next run, never a
 * record without its instance. The runtime never steps an ended instance, so nothing new can come
 * to name it meanwhile.
 */
import type { Document } from 'mongodb';
import type { RetentionStore } from '../port';
import type { PrunableQuery, WorkflowRetention } from '../schemas/retention';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { HISTORY } from './history';
import { JOBS } from './jobs';
import { INSTANCES } from './recovery';
import { str, num, validator } from './schemaParts';
import { withStoreErrors } from './storeErrors';
import { TASKS, TIMERS } from './recordDocuments';

export const RETENTION_POLICIES = 'retentionPolicies';

const ENDED_ORDER = { endedAt: 1, _id: 1 } as const;

/** Ended before the cutoff, with an empty outbox and no unfinished step record (one document). */
export function prunableInstanceFilter(endedBefore: number): Document {
  return {
    endedAt: { $exists: true, $lt: endedBefore },
    status: { $ne: 'running' },
    outboxAt: { $exists: false },
    pendingAt: { $exists: false },
  };
}

/** The candidates' filter and order (pure: checked against the indexes). */
export function prunableQuery(query: Omit<PrunableQuery, 'limit'>, after?: { at: number; id: string }) {
  const filter: Document = prunableInstanceFilter(query.endedBefore);
  if (query.workflowId !== undefined) filter['workflowId'] = query.workflowId;
  else if (query.exceptWorkflowIds !== undefined && query.exceptWorkflowIds.length > 0)
    filter['workflowId'] = { $not: { $in: [...query.exceptWorkflowIds] } };
  if (after) filter['$or'] = [{ endedAt: { $gt: after.at } }, { endedAt: after.at, _id: { $gt: after.id } }];
  return { filter, sort: ENDED_ORDER };
}

/**
 * The queries that find what keeps an instance (pure: checked against the indexes). A running
 * descendant is one without an end (endedAt is set exactly when the status is not running).
 */
export function openRecordQueries(
  ids: readonly string[],
): { collection: string; filter: Document; field: string }[] {
  const instanceId = { $in: [...ids] };
  return [
    { collection: JOBS, filter: { instanceId, status: { $in: ['queued', 'running'] } }, field: 'instanceId' },
    { collection: TIMERS, filter: { instanceId, status: 'scheduled' }, field: 'instanceId' },
    { collection: TASKS, filter: { instanceId, status: 'open' }, field: 'instanceId' },
    {
      collection: INSTANCES,
      filter: { 'parent.rootId': instanceId, endedAt: { $exists: false } },
      field: 'parent.rootId',
    },
  ];
}

/** Indexes only for collections other parts own (setup merges specs by name), and the policies. */
export const retentionCollections: CollectionSpec[] = [
  {
    name: INSTANCES,
    indexes: [
      // Prunes walk ended instances in end order: all workflows', or one's.
      {
        name: 'instances_ended',
        key: { endedAt: 1, _id: 1 },
        partialFilterExpression: { endedAt: { $exists: true } },
      },
      {
        name: 'instances_ended_by_workflow',
        key: { workflowId: 1, endedAt: 1, _id: 1 },
        partialFilterExpression: { endedAt: { $exists: true } },
      },
    ],
  },
  // What keeps an instance, and what goes with it.
  { name: JOBS, indexes: [{ name: 'jobs_by_instance', key: { instanceId: 1, status: 1 } }] },
  { name: TIMERS, indexes: [{ name: 'timers_by_instance', key: { instanceId: 1, status: 1 } }] },
  {
    name: RETENTION_POLICIES,
    validator: validator(['_id', 'endedInstancesDays', 'updatedAt', 'updatedBy'], {
      _id: str,
      endedInstancesDays: { bsonType: ['number', 'null'] },
      mode: { enum: ['delete', 'archive'] },
      updatedAt: num,
      updatedBy: str,
    }),
    indexes: [],
  },
];

interface PolicyDocument {
  _id: string;
  endedInstancesDays: number | null;
  mode?: 'delete' | 'archive';
  updatedAt: number;
  updatedBy: string;
}

const toPolicy = ({ _id, ...rest }: PolicyDocument): WorkflowRetention => ({ workflowId: _id, ...rest });

export function mongoRetention(context: MongoContext): RetentionStore {
  const instances = consistentCollection<{ _id: string; endedAt?: number }>(context, INSTANCES);
  const policies = consistentCollection<PolicyDocument>(context, RETENTION_POLICIES);

  /** Of these ids, the ones something open (a job, timer, task or running descendant) still keeps. */
  async function heldOpen(ids: readonly string[]): Promise<Set<string>> {
    const held = new Set<string>();
    if (ids.length === 0) return held;
    for (const { collection, filter, field } of openRecordQueries(ids)) {
      const rows = await consistentCollection<Document>(context, collection)
        .find(filter, { projection: { [field]: 1 } })
        .toArray();
      for (const row of rows) {
        const value =
          field === 'parent.rootId' ? (row['parent'] as Document | undefined)?.['rootId'] : row[field];
        if (typeof value === 'string') held.add(value);
      }
    }
    return held;
  }

  return withStoreErrors('retention', {
    async listPrunableInstances({ limit, ...query }: PrunableQuery) {
      const found: string[] = [];
      let after: { at: number; id: string } | undefined;
      // Candidates a page at a time, until `limit` are free of open records or none are left.
      for (;;) {
        const { filter, sort } = prunableQuery(query, after);
        const page = await instances
          .find(filter, { projection: { _id: 1, endedAt: 1 } })
          .sort(sort)
          .limit(limit)
          .toArray();
        const ids = page.map((doc) => String(doc['_id']));
        const held = await heldOpen(ids);
        found.push(...ids.filter((id) => !held.has(id)).slice(0, limit - found.length));
        const last = page.at(-1);
        if (found.length >= limit || page.length < limit || !last) return found;
        after = { at: Number(last['endedAt']), id: String(last['_id']) };
      }
    },

    async pruneInstances(ids: readonly string[], endedBefore: number) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      const still = await instances
        .find({ _id: { $in: unique }, ...prunableInstanceFilter(endedBefore) }, { projection: { _id: 1 } })
        .toArray();
      const held = await heldOpen(still.map((doc) => String(doc['_id'])));
      const chosen = still.map((doc) => String(doc['_id'])).filter((id) => !held.has(id));
      if (chosen.length === 0) return [];
      const instanceId = { $in: chosen };
      for (const collection of [HISTORY, TASKS, JOBS, TIMERS])
        await consistentCollection<Document>(context, collection).deleteMany({ instanceId });
      // The instance last, checked again; of two replicas pruning it, one deletes it.
      const outcomes = await Promise.all(
        chosen.map(async (id) => {
          const result = await instances.deleteOne({ _id: id, ...prunableInstanceFilter(endedBefore) });
          return result.deletedCount === 1 ? id : undefined;
        }),
      );
      return outcomes.filter((id): id is string => id !== undefined);
    },

    async getRetentionPolicy(workflowId: string) {
      const doc = await policies.findOne({ _id: workflowId });
      return doc ? toPolicy(doc) : null;
    },

    async listRetentionPolicies() {
      return (await policies.find({}).sort({ _id: 1 }).toArray()).map(toPolicy);
    },

    async setRetentionPolicy({ workflowId, ...policy }: WorkflowRetention) {
      const { mode, ...fields } = policy;
      await policies.updateOne(
        { _id: workflowId },
        mode === undefined ? { $set: fields, $unset: { mode: '' } } : { $set: { ...fields, mode } },
        { upsert: true },
      );
    },

    async deleteRetentionPolicy(workflowId: string) {
      return (await policies.deleteOne({ _id: workflowId })).deletedCount === 1;
    },
  });
}
