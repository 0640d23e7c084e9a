import type { Document } from 'mongodb';
import { type KeyedChange, recordChanges } from './changes';
import type { MongoContext } from './context';
import { applyEffects } from './effects';
import { withRetry } from './errors';
import { insertHistory } from './history';
import { type InstanceDocument, type StepRecord, recordEffects } from './instanceDocuments';

export const INSTANCES = 'instances';

/** An instance's unfinished step records, with what effects need to know of it. */
export type PendingInstance = Pick<InstanceDocument, '_id' | 'workflowId' | 'version' | 'pending'>;

/**
 * Finishes step records: copies their history, applies their effects in rev order and returns the
 * changes they tell (the caller appends them, so one batch of steps numbers its changes at once).
 * Safe to run twice at once (its committer and a recoverer): every write is keyed.
 */
export async function finishRecords(
  context: MongoContext,
  instance: PendingInstance,
): Promise<KeyedChange[]> {
  const records = [...instance.pending].sort((a, b) => a.rev - b.rev);
  if (records.length === 0) return [];
  await insertHistory(
    context,
    records.flatMap((record) => record.history),
  );
  const changes: KeyedChange[] = [];
  for (const record of records) {
    const source = {
      instanceId: instance._id,
      workflowId: instance.workflowId,
      version: instance.version,
      rev: record.rev,
    };
    changes.push(...(await applyEffects(context, source, recordEffects(record))));
    if (record.change) changes.push(record.change);
  }
  return changes;
}

/** Drops finished records (by rev) and the pendingAt marker once none is left: one atomic update. */
export function clearRecordsUpdate(revs: readonly number[]): Document[] {
  return [
    {
      $set: {
        pending: { $filter: { input: '$pending', cond: { $not: [{ $in: ['$$this.rev', [...revs]] }] } } },
      },
    },
    { $set: { pendingAt: { $cond: [{ $eq: [{ $size: '$pending' }, 0] }, '$$REMOVE', '$pendingAt'] } } },
  ];
}

export async function clearRecords(
  context: MongoContext,
  instanceId: string,
  records: readonly StepRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await withRetry('Finishing a step', () =>
    context.db
      .collection<InstanceDocument>(INSTANCES)
      .updateOne({ _id: instanceId }, clearRecordsUpdate(records.map((record) => record.rev)), {
        writeConcern: context.consistency.writeConcern,
      }),
  );
}

/** Finishes the records of these instances, appends their changes in order, then clears them. */
export async function finishInstances(
  context: MongoContext,
  instances: readonly PendingInstance[],
): Promise<void> {
  const withRecords = instances.filter((instance) => instance.pending.length > 0);
  if (withRecords.length === 0) return;
  const changes = await Promise.all(withRecords.map((instance) => finishRecords(context, instance)));
  await recordChanges(context, changes.flat());
  await Promise.all(withRecords.map((instance) => clearRecords(context, instance._id, instance.pending)));
}

/**
 * The filter of instances with records a crash left: those whose oldest record is older than
 * `before` (a live committer finishes its own within moments), oldest first, over the partial
 * index on pendingAt.
 */
export function pendingFilter(before?: number): Document {
  return { pendingAt: before === undefined ? { $exists: true } : { $exists: true, $lt: before } };
}

/**
 * Recovery of step effects, run where the runtime already recovers its outbox (listUndispatched,
 * at start and on every outbox sweep): finishes at most `limit` instances' leftover records.
 * Returns how many instances it finished.
 */
export async function recoverPending(
  context: MongoContext,
  options: { limit: number; before?: number },
): Promise<number> {
  const left = await context.db
    .collection<InstanceDocument>(INSTANCES)
    .find(pendingFilter(options.before), { projection: { _id: 1, workflowId: 1, version: 1, pending: 1 } })
    .sort({ pendingAt: 1 })
    .limit(options.limit)
    .toArray();
  await finishInstances(context, left);
  return left.length;
}
