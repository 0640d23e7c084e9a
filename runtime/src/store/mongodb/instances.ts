import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { StoreError, isStoreError } from '../errors';
import { chainHistory, emptyChainHead } from '../historyChain';
import { decodeCursor, toPage } from '../pageCursor';
import { prefixRange } from '../prefixRange';
import type { InstanceStore } from '../port';
import type { Command, InstanceFilter } from '../schemas/instance';
import { instanceChange } from './changes';
import { commitSteps } from './commitSteps';
import type { MongoContext } from './context';
import { isDuplicateKey, toStoreError, withRetry } from './errors';
import { historyDocument } from './history';
import {
  type InstanceDocument,
  SUMMARY_PROJECTION,
  fromInstanceDocument,
  fromSummaryDocument,
  stepRecord,
  toInstanceDocument,
} from './instanceDocuments';
import { fromText } from './json';
import { INSTANCES, finishInstances, recoverPending } from './recovery';
import { TASKS } from './recordDocuments';

/** The listing's filter and sort (pure: tested, and checked against the indexes). Newest first. */
export function instanceListQuery(
  filter: InstanceFilter,
  cursor?: string,
  /** With `filter.involving`: the instances with a task that is or was the user's (involvedTasksQuery). */
  involvedIds: readonly string[] = [],
): { filter: Document; sort: Document } {
  const and: Document[] = [];
  const equal: Document = {};
  if (filter.workflowId !== undefined) equal['workflowId'] = filter.workflowId;
  if (filter.version !== undefined) equal['version'] = filter.version;
  if (filter.status !== undefined) equal['status'] = filter.status;
  if (filter.startedBy !== undefined) equal['startedBy'] = filter.startedBy;
  if (filter.businessKey !== undefined) equal['businessKey'] = filter.businessKey;
  if (filter.businessKeyPrefix !== undefined) {
    // A range, which the index serves as bounds (an anchored $regex would too, but needs escaping).
    const range = prefixRange(filter.businessKeyPrefix);
    and.push({ businessKey: { $gte: range.from, $lt: range.below } });
  }
  const created: Document = {};
  if (filter.createdFrom !== undefined) created['$gte'] = filter.createdFrom;
  if (filter.createdTo !== undefined) created['$lt'] = filter.createdTo;
  if (Object.keys(created).length > 0) equal['createdAt'] = created;
  if (filter.hasIncident !== undefined) equal['openIncidents'] = { $exists: filter.hasIncident };
  if (Object.keys(equal).length > 0) and.push(equal);
  if (filter.involving !== undefined)
    and.push({ $or: [{ startedBy: filter.involving.userId }, { _id: { $in: [...involvedIds] } }] });
  if (cursor !== undefined) {
    const key = decodeCursor(cursor);
    // Keyset seek on the sort key (createdAt, _id), descending.
    and.push({ $or: [{ createdAt: { $lt: key.at } }, { createdAt: key.at, _id: { $lt: key.id } }] });
  }
  return {
    filter: and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and },
    sort: { createdAt: -1, _id: -1 },
  };
}

/**
 * The tasks that make a user involved in an instance (auth/instanceScope.ts taskInvolves, and the
 * SQLite adapter's subquery, say the same): assigned to them or one of their groups, handed on by
 * them, or decided by them. MongoDB has no subquery in a find: their instance ids are read first.
 */
export function involvedTasksQuery(involving: NonNullable<InstanceFilter['involving']>): Document {
  return {
    $or: [
      { 'assignee.type': 'user', 'assignee.id': involving.userId },
      { 'assignee.type': 'group', 'assignee.id': { $in: involving.groups } },
      { 'delegatedFrom.type': 'user', 'delegatedFrom.id': involving.userId },
      { 'decision.by': involving.userId },
    ],
  };
}

export const correlationQuery = (key: string): { filter: Document; sort: Document } => ({
  filter: { correlationKeys: key },
  sort: { createdAt: 1, _id: 1 },
});

export const treeQuery = (rootId: string): { filter: Document } => ({ filter: { 'parent.rootId': rootId } });

export function undispatchedQuery(updatedBefore?: number): { filter: Document; sort: Document } {
  return {
    filter: {
      outboxAt: { $exists: true },
      ...(updatedBefore !== undefined ? { updatedAt: { $lt: updatedBefore } } : {}),
    },
    sort: { outboxAt: 1 },
  };
}

/** Removes these commands and the outboxAt marker once the outbox is empty: one atomic update. */
export function markDispatchedUpdate(commandIds: readonly string[]): Document[] {
  return [
    {
      $set: {
        outbox: { $filter: { input: '$outbox', cond: { $not: [{ $in: ['$$this.id', [...commandIds]] }] } } },
      },
    },
    { $set: { outboxAt: { $cond: [{ $eq: [{ $size: '$outbox' }, 0] }, '$$REMOVE', '$outboxAt'] } } },
  ];
}

export function mongoInstances(context: MongoContext): InstanceStore {
  const instances = () => context.db.collection<InstanceDocument>(INSTANCES);
  const { readConcern, writeConcern } = context.consistency;
  /** With `filter.involving`: the instances with a task that is or was the user's (a read first). */
  const involvedIds = async (filter: InstanceFilter): Promise<string[]> => {
    if (!filter.involving) return [];
    const tasks = await context.db
      .collection(TASKS)
      .find(involvedTasksQuery(filter.involving), {
        projection: { _id: 0, instanceId: 1 },
        readConcern: { level: readConcern },
      })
      .toArray();
    return [...new Set(tasks.map((task) => task['instanceId'] as string))];
  };

  return {
    async createInstance(instance, { history, effects }) {
      const chained = chainHistory(instance.id, emptyChainHead(), history);
      const record = stepRecord(instance.rev, chained.entries.map(historyDocument), effects, {
        key: `${instance.id}:${instance.rev}:i`,
        change: instanceChange('started', instance),
      });
      // The token tells our own insert from another's when a retry after a lost answer finds the id taken.
      const doc = { ...toInstanceDocument(instance, chained.head, record), stepToken: randomUUID() };
      try {
        await withRetry(`Creating instance ${instance.id}`, async () => {
          try {
            await instances().insertOne(doc, { writeConcern });
          } catch (error) {
            if (!isDuplicateKey(error)) throw error;
            const stored = await instances().findOne({ _id: instance.id }, { projection: { stepToken: 1 } });
            if (stored?.stepToken !== doc.stepToken) throw error;
          }
        });
      } catch (error) {
        if (!isDuplicateKey(error) && !isStoreError(error, 'CONFLICT'))
          throw toStoreError(error, `Creating instance ${instance.id}`);
        throw new StoreError('CONFLICT', `Instance ${instance.id} already exists.`, { cause: error });
      }
      await finishInstances(context, [doc]);
    },

    async getInstance(id) {
      const doc = await instances().findOne({ _id: id }, { readConcern: { level: readConcern } });
      return doc ? fromInstanceDocument(doc) : null;
    },

    async getInstances(ids) {
      if (ids.length === 0) return [];
      const docs = await instances()
        .find({ _id: { $in: [...ids] } }, { readConcern: { level: readConcern } })
        .toArray();
      return docs.map(fromInstanceDocument);
    },

    async commitSteps(steps) {
      if (steps.length === 0) return [];
      return commitSteps(context, steps);
    },

    async listInstances(filter, { limit, cursor }) {
      const query = instanceListQuery(filter, cursor, await involvedIds(filter));
      const docs = await instances()
        .find(query.filter, { projection: SUMMARY_PROJECTION, readConcern: { level: readConcern } })
        .sort(query.sort)
        .limit(limit + 1)
        .toArray();
      return toPage(docs.map(fromSummaryDocument), limit, (instance) => ({
        at: instance.createdAt,
        id: instance.id,
      }));
    },

    async countInstances(filter) {
      const query = instanceListQuery(filter, undefined, await involvedIds(filter));
      return instances().countDocuments(query.filter, { readConcern: { level: readConcern } });
    },

    async findInstancesByCorrelation(key) {
      const query = correlationQuery(key);
      const docs = await instances()
        .find(query.filter, { projection: SUMMARY_PROJECTION, readConcern: { level: readConcern } })
        .sort(query.sort)
        .toArray();
      return docs.map(fromSummaryDocument);
    },

    async countInstancesInTree(rootId) {
      return instances().countDocuments(treeQuery(rootId).filter, { readConcern: { level: readConcern } });
    },

    async listUndispatched({ limit, updatedBefore }) {
      // The runtime recovers its outbox here, at start and on every sweep: finish step effects a
      // crash left too (those older than `updatedBefore`; all at start).
      await recoverPending(context, {
        limit,
        ...(updatedBefore !== undefined ? { before: updatedBefore } : {}),
      });
      const query = undispatchedQuery(updatedBefore);
      const docs = await instances()
        .find(query.filter, { projection: { _id: 1, outbox: 1 }, readConcern: { level: readConcern } })
        .sort(query.sort)
        .limit(limit)
        .toArray();
      return docs.map((doc) => ({
        instanceId: doc._id,
        commands: doc.outbox.map((entry) => fromText<Command>(entry.command, 'command')),
      }));
    },

    async markDispatched(instanceId, commandIds) {
      if (commandIds.length === 0) return;
      await withRetry(`Marking commands of ${instanceId} dispatched`, () =>
        instances().updateOne({ _id: instanceId }, markDispatchedUpdate(commandIds), { writeConcern }),
      );
    },
  };
}
