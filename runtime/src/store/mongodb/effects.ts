import type { Document } from 'mongodb';
import type { StoreEffect } from '../schemas/effect';
import type { TaskChangeKind } from '../schemas/change';
import type { Assignee } from '../schemas/task';
import { type KeyedChange, taskChange } from './changes';
import type { MongoContext } from './context';
import { isDuplicateKey, withRetry } from './errors';
import { toText } from './json';
import {
  CLEAR_LEASE,
  JOBS,
  TASKS,
  TIMERS,
  type TaskDocument,
  jobDocument,
  storedDecision,
  taskDocument,
  timerDocument,
} from './recordDocuments';
import { MESSAGES, currentReservation } from './messages';

/**
 * Step effects on MongoDB. A step's effects ride in its instance document (a StepRecord, see
 * instanceDocuments.ts) and are applied here after the compare-and-set, each as one keyed,
 * conditional single-document write (or one updateMany for task.cancel), with the rules of the
 * single-record methods:
 *
 * | effect         | collection | filter                                              | write |
 * | job.enqueue    | jobs       | {_id}                                                | upsert, $setOnInsert jobDocument(job, lease) |
 * | job.complete   | jobs       | {_id, status: 'running', leaseToken}                 | $set status, result; $unset lease |
 * | job.cancel     | jobs       | {_id, status ∈ queued|running}                       | $set status 'cancelled'; $unset lease |
 * | timer.schedule | timers     | {_id}                                                | upsert, $setOnInsert timerDocument |
 * | timer.cancel   | timers     | {_id, status: 'scheduled'}                           | $set 'cancelled'; $unset lease |
 * | timer.fired    | timers     | {_id, status: 'scheduled', leaseToken}               | $set 'fired'; $unset lease |
 * | task.create    | tasks      | {_id}                                                | upsert, $setOnInsert taskDocument + effectOrder |
 * | task.decide    | tasks      | {_id, status: 'open', not later}                     | $set 'decided', decision, closedAt |
 * | task.delegate  | tasks      | {_id, status: 'open', assignee: from, not later}     | $set assignee: to, delegatedFrom |
 * | task.cancel    | tasks      | {instanceId, nodeId?, status: 'open', not later}     | updateMany $set 'cancelled', closedAt |
 * | message.take   | bufferedMessages | {_id, reservedFor: instanceId, reservationToken: token, state: 'reserved'} | $set state 'taken', takenAt |
 *
 * The take alone is also a condition of its step: the step's compare-and-set requires the token
 * registered on the instance (commitSteps.ts), so a step whose reservation was released never
 * commits, and the take of one that did commit finds its reservation still current.
 *
 * Document shapes (recordDocuments.ts; jobs.ts, timers.ts and tasks.ts write the same; payloads JSON text):
 * - jobs `{_id, instanceId, nodeId, action, connection?, input, attempt, idempotencyKey, runAt, timeoutMs,
 *   maxAttempts?, status, leaseOwner?, leaseToken?, leaseExpiresAt?, result?}`
 * - timers `{_id, instanceId, timerId, fireAt, status, leaseOwner?, leaseToken?, leaseExpiresAt?}`
 * - tasks `{_id, instanceId, nodeId, slot, assignee: {type, id}, title, form, outcomes, allowDelegation, dueAt?,
 *   status, decision?: {outcome, by, at, comment?, form?}, delegatedFrom?, createdAt, workflowId?, version?, closedAt?}`
 * - plus `effectOrder` on tasks a step's effect wrote (below).
 * "not later": `effectOrder` absent or lower than this effect's, so an earlier step's effect that a
 * crash left for recovery never undoes a later step's. Every write here is idempotent: applying a
 * StepRecord twice (its committer and a recoverer at once) changes nothing more than once.
 */

/** Where an effect comes from: the step (instance and rev) and its instance's workflow. */
export interface EffectSource {
  instanceId: string;
  workflowId: string;
  version: number;
  rev: number;
}

const EFFECTS_PER_REV = 2 ** 20;

/** Orders effects across steps of one instance: rev first, then place in the step. */
export const effectOrder = (rev: number, index: number): number => rev * EFFECTS_PER_REV + index;

/** Not changed by a later step's effect. */
const notLater = (order: number): Document => ({
  $or: [{ effectOrder: { $exists: false } }, { effectOrder: { $lt: order } }],
});

export interface EffectWrite {
  collection: typeof JOBS | typeof TIMERS | typeof TASKS | typeof MESSAGES;
  filter: Document;
  update: Document;
  upsert: boolean;
  many: boolean;
  /** For task effects: the change each task it touched tells the feed. */
  taskChange?: { kind: TaskChangeKind; also?: Assignee[] };
}

/** The write one effect makes (pure: tested without a server). */
export function effectWrite(effect: StoreEffect, source: EffectSource, index: number): EffectWrite {
  const order = effectOrder(source.rev, index);
  const one = { upsert: false, many: false };
  switch (effect.type) {
    case 'job.enqueue': {
      const { _id, ...fields } = jobDocument(effect.job, effect.lease);
      return {
        collection: JOBS,
        filter: { _id },
        update: { $setOnInsert: fields },
        upsert: true,
        many: false,
      };
    }
    case 'job.complete':
      return {
        collection: JOBS,
        filter: { _id: effect.id, status: 'running', leaseToken: effect.leaseToken },
        update: {
          $set: { status: effect.result.status, result: toText(effect.result) },
          $unset: CLEAR_LEASE,
        },
        ...one,
      };
    case 'job.cancel':
      return {
        collection: JOBS,
        filter: { _id: effect.id, status: { $in: ['queued', 'running'] } },
        update: { $set: { status: 'cancelled' }, $unset: CLEAR_LEASE },
        ...one,
      };
    case 'timer.schedule': {
      const { _id, ...fields } = timerDocument(effect.timer);
      return {
        collection: TIMERS,
        filter: { _id },
        update: { $setOnInsert: fields },
        upsert: true,
        many: false,
      };
    }
    case 'timer.cancel':
      return {
        collection: TIMERS,
        filter: { _id: effect.id, status: 'scheduled' },
        update: { $set: { status: 'cancelled' }, $unset: CLEAR_LEASE },
        ...one,
      };
    case 'timer.fired':
      return {
        collection: TIMERS,
        filter: { _id: effect.id, status: 'scheduled', leaseToken: effect.leaseToken },
        update: { $set: { status: 'fired' }, $unset: CLEAR_LEASE },
        ...one,
      };
    case 'task.create': {
      const { _id, ...fields } = taskDocument(effect.task, source);
      return {
        collection: TASKS,
        filter: { _id },
        update: { $setOnInsert: { ...fields, effectOrder: order } },
        upsert: true,
        many: false,
        taskChange: { kind: 'created' },
      };
    }
    case 'task.decide':
      return {
        collection: TASKS,
        filter: { $and: [{ _id: effect.id, status: 'open' }, notLater(order)] },
        update: {
          $set: {
            status: 'decided',
            decision: storedDecision(effect.decision),
            closedAt: effect.decision.at,
            effectOrder: order,
          },
        },
        ...one,
        taskChange: { kind: 'decided' },
      };
    case 'task.delegate':
      return {
        collection: TASKS,
        filter: {
          $and: [
            {
              _id: effect.id,
              status: 'open',
              'assignee.type': effect.from.type,
              'assignee.id': effect.from.id,
            },
            notLater(order),
          ],
        },
        update: {
          $set: {
            assignee: { type: effect.to.type, id: effect.to.id },
            delegatedFrom: { type: effect.from.type, id: effect.from.id },
            effectOrder: order,
          },
        },
        ...one,
        taskChange: { kind: 'delegated', also: [{ type: effect.from.type, id: effect.from.id }] },
      };
    case 'task.cancel':
      return {
        collection: TASKS,
        filter: {
          $and: [
            {
              instanceId: effect.instanceId,
              ...(effect.nodeId !== undefined ? { nodeId: effect.nodeId } : {}),
              status: 'open',
            },
            notLater(order),
          ],
        },
        update: {
          $set: {
            status: 'cancelled',
            effectOrder: order,
            ...(effect.at !== undefined ? { closedAt: effect.at } : {}),
          },
        },
        upsert: false,
        many: true,
        taskChange: { kind: 'cancelled' },
      };
    case 'message.take':
      return {
        collection: MESSAGES,
        filter: currentReservation(effect.id, effect.instanceId, effect.token),
        update: { $set: { state: 'taken', takenAt: effect.at } },
        ...one,
      };
  }
}

/**
 * Applies a step's effects in order and returns the changes its task effects tell the feed, keyed
 * so that a repeat (recovery) records none twice. A task counts as changed by an effect when it
 * carries that effect's order, whether this call or an interrupted earlier one wrote it.
 */
export async function applyEffects(
  context: MongoContext,
  source: EffectSource,
  effects: readonly StoreEffect[],
): Promise<KeyedChange[]> {
  const changes: KeyedChange[] = [];
  for (const [index, effect] of effects.entries()) {
    const write = effectWrite(effect, source, index);
    const collection = context.db.collection(write.collection);
    const options = { upsert: write.upsert, writeConcern: context.consistency.writeConcern };
    await withRetry(`Applying a ${effect.type} effect`, async () => {
      try {
        if (write.many) await collection.updateMany(write.filter, write.update, options);
        else await collection.updateOne(write.filter, write.update, options);
      } catch (error) {
        // Two appliers upserting the same id at once: the other one inserted it, which is the point.
        if (!(write.upsert && isDuplicateKey(error))) throw error;
      }
    });
    if (!write.taskChange) continue;
    const order = effectOrder(source.rev, index);
    const touched = await context.db
      .collection<TaskDocument>(TASKS)
      .find({
        instanceId: effect.type === 'task.cancel' ? effect.instanceId : source.instanceId,
        effectOrder: order,
      })
      .toArray();
    for (const task of touched) {
      changes.push({
        key: `${source.instanceId}:${source.rev}:e${index}:${task._id}`,
        change: taskChange(write.taskChange.kind, task, write.taskChange.also, source.workflowId),
      });
    }
  }
  return changes;
}
