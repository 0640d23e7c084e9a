import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { type ChainHead, chainHistory } from '../historyChain';
import type { InstanceChangeKind } from '../schemas/change';
import type { CommitResult, CommitStep, InstanceStatus } from '../schemas/instance';
import { instanceChange } from './changes';
import type { MongoContext } from './context';
import { isTransient, toStoreError } from './errors';
import { historyDocument } from './history';
import { type InstanceDocument, type StepRecord, stepRecord, storedCommand } from './instanceDocuments';
import { toText } from './json';
import { INSTANCES, type PendingInstance, finishInstances } from './recovery';

/** What a step needs of the stored instance: its rev and chain head, and what the feed compares. */
export type StepHead = Pick<
  InstanceDocument,
  | '_id'
  | 'rev'
  | 'status'
  | 'currentNodes'
  | 'workflowId'
  | 'version'
  | 'startedBy'
  | 'historyHead'
  | 'pending'
  | 'reservationTokens'
> & { outbox: { id: string }[] };

export const HEAD_PROJECTION = {
  _id: 1,
  rev: 1,
  status: 1,
  currentNodes: 1,
  workflowId: 1,
  version: 1,
  startedBy: 1,
  historyHead: 1,
  pending: 1,
  'outbox.id': 1,
  stepToken: 1,
  reservationTokens: 1,
} as const;

/** The reservation tokens the step's message takes name: its fence (see messages.ts). */
export const takeTokens = (step: CommitStep): string[] =>
  (step.effects ?? []).flatMap((effect) => (effect.type === 'message.take' ? [effect.token] : []));

/** Whether every reservation the step takes under is still registered on the instance. */
export const reservationsHeld = (step: CommitStep, head: StepHead): boolean =>
  takeTokens(step).every((token) => head.reservationTokens?.includes(token) === true);

/** What the change feed tells of a step: a new status, an incident, other nodes; nothing else. */
export function changeKind(
  step: CommitStep,
  status: InstanceStatus,
  currentNodes: readonly string[],
): InstanceChangeKind | undefined {
  if (step.set.status !== status && step.set.status !== 'running') return step.set.status;
  if (step.incident) return 'incident';
  if (toText(step.set.currentNodes) !== toText(currentNodes)) return 'moved';
  return undefined;
}

/**
 * The one compare-and-set of a step (pure: tested without a server). The filter holds the expected
 * rev, so the update applies only to the state the step was computed from; the update replaces
 * the state, moves the chain head, appends new commands to the outbox and pushes the step's record
 * (history, effects, change) for finishing. Optional fields keep their stored value when absent.
 */
export function stepUpdate(
  step: CommitStep,
  head: StepHead,
  token: string,
): { filter: Document; update: Document; record: StepRecord | undefined; chainHead: ChainHead } {
  const rev = step.expectedRev + 1;
  const chained = chainHistory(step.instanceId, head.historyHead, step.history);
  const kind = changeKind(step, head.status, head.currentNodes);
  const record = stepRecord(
    rev,
    chained.entries.map(historyDocument),
    step.effects,
    kind
      ? {
          key: `${step.instanceId}:${rev}:i`,
          change: instanceChange(kind, {
            id: step.instanceId,
            workflowId: head.workflowId,
            status: step.set.status,
            startedBy: head.startedBy,
          }),
        }
      : undefined,
  );
  const queued = new Set(head.outbox.map((command) => command.id));
  const commands = step.commands.filter((command) => !queued.has(command.id) && queued.add(command.id));
  const { set } = step;
  const $set: Document = {
    rev,
    snapshot: toText(set.snapshot),
    status: set.status,
    currentNodes: set.currentNodes,
    correlationKeys: set.correlationKeys,
    updatedAt: set.updatedAt,
    historyHead: chained.head,
    stepToken: token,
  };
  if (set.outcome !== undefined) $set['outcome'] = set.outcome;
  if (set.output !== undefined) $set['output'] = toText(set.output);
  if (set.error !== undefined) $set['error'] = { ...set.error };
  const $unset: Document = {};
  // Absent when none, so the partial index on it holds only instances with incidents.
  if (set.openIncidents !== undefined) {
    if (set.openIncidents > 0) $set['openIncidents'] = set.openIncidents;
    else $unset['openIncidents'] = '';
  }
  const update: Document = { $set };
  // Statistics read an end from its own fields, written only when the status changes.
  if (set.status !== head.status) {
    if (set.status === 'running') Object.assign($unset, { endStatus: '', endedAt: '' });
    else Object.assign($set, { endStatus: set.status, endedAt: set.updatedAt });
  }
  if (Object.keys($unset).length > 0) update['$unset'] = $unset;
  const $push: Document = {};
  const $min: Document = {};
  if (commands.length > 0) {
    $push['outbox'] = { $each: commands.map(storedCommand) };
    $min['outboxAt'] = set.updatedAt;
  }
  if (record) {
    $push['pending'] = record;
    $min['pendingAt'] = set.updatedAt;
  }
  if (Object.keys($push).length > 0) update['$push'] = $push;
  if (Object.keys($min).length > 0) update['$min'] = $min;
  // A take commits only while its reservation's token is registered, and uses it up.
  const tokens = takeTokens(step);
  const filter: Document = { _id: step.instanceId, rev: step.expectedRev };
  if (tokens.length > 0) {
    filter['$and'] = tokens.map((token) => ({ reservationTokens: token }));
    update['$pullAll'] = { reservationTokens: tokens };
  }
  return { filter, update, record, chainHead: chained.head };
}

/**
 * Group commit on MongoDB: steps of different instances run side by side, steps of one instance in
 * order; each is its own single-document compare-and-set (no transaction). Then the records of
 * every applied step (and any a crash left in those instances) are finished, their changes
 * numbered in one go, before the call resolves.
 */
export async function commitSteps(
  context: MongoContext,
  steps: readonly CommitStep[],
): Promise<CommitResult[]> {
  const results: CommitResult[] = new Array<CommitResult>(steps.length);
  const groups = new Map<string, number[]>();
  steps.forEach((step, index) => {
    const group = groups.get(step.instanceId);
    if (group) group.push(index);
    else groups.set(step.instanceId, [index]);
  });
  const touched: PendingInstance[] = [];
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      let head: StepHead | null | undefined;
      // The instance as our last applied step left it: its records are finished before we resolve.
      let applied: StepHead | undefined;
      for (const index of indexes) {
        const step = steps[index]!;
        head ??= await readHead(context, step.instanceId);
        if (!head) {
          results[index] = { ok: false, reason: 'not_found' };
          continue;
        }
        // A reservation released since lost this step its take: no retry would win it back. (One
        // released between this read and the compare-and-set fails the filter: a conflict, and
        // the retry ends here.)
        if (!reservationsHeld(step, head)) {
          results[index] = { ok: false, reason: 'reservation_lost' };
          continue;
        }
        if (head.rev !== step.expectedRev) {
          results[index] = { ok: false, reason: 'conflict' };
          continue;
        }
        const after = await compareAndSet(context, step, head);
        if (!after) {
          results[index] = { ok: false, reason: 'conflict' };
          head = undefined; // someone else stepped it: read again for a later step of this call
          continue;
        }
        results[index] = { ok: true, rev: after.rev };
        head = after;
        applied = after;
      }
      if (applied && applied.pending.length > 0) touched.push(applied);
    }),
  );
  await finishInstances(context, touched);
  return results;
}

/** Read on the primary at 'local': a step must build on the latest write, and a stale read only costs a conflict. */
async function readHead(context: MongoContext, instanceId: string): Promise<StepHead | null> {
  try {
    return (await context.db
      .collection<InstanceDocument>(INSTANCES)
      .findOne(
        { _id: instanceId },
        { projection: HEAD_PROJECTION, readPreference: 'primary', readConcern: { level: 'local' } },
      )) as StepHead | null;
  } catch (error) {
    throw toStoreError(error, `Reading instance ${instanceId}`);
  }
}

/**
 * Runs the step's compare-and-set; null when the rev moved on. When the answer is lost (a network
 * error or an election after the driver's own retry), reads the instance again: our token at the
 * next rev means it applied, the expected rev means it did not (and it is tried again), anything
 * else is a conflict. So a step is never reported lost when it applied, nor applied twice.
 */
async function compareAndSet(
  context: MongoContext,
  step: CommitStep,
  head: StepHead,
): Promise<StepHead | null> {
  const token = randomUUID();
  const { filter, update } = stepUpdate(step, head, token);
  const instances = context.db.collection<InstanceDocument>(INSTANCES);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await instances.findOneAndUpdate(filter, update, {
        returnDocument: 'after',
        projection: HEAD_PROJECTION,
        writeConcern: context.consistency.writeConcern,
      })) as StepHead | null;
    } catch (error) {
      if (!isTransient(error) || attempt >= 3)
        throw toStoreError(error, `Committing a step of ${step.instanceId}`);
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      const now = await readHead(context, step.instanceId);
      if (!now) return null;
      if (now.rev === step.expectedRev + 1 && (now as Document)['stepToken'] === token) return now;
      if (now.rev !== step.expectedRev) return null;
    }
  }
}
