/**
 * Collection `timers`, one document per durable timer, written here and by step effects
 * (effects.ts). Both map with recordDocuments.ts' TimerDocument, timerDocument and
 * fromTimerDocument; effects follow the rules of the filters below:
 *
 *   { _id: timer id, instanceId, timerId, fireAt: epoch ms,
 *     status: 'scheduled' | 'fired' | 'cancelled',
 *     leaseOwner?, leaseToken?, leaseExpiresAt?: epoch ms   (while a timer service holds it) }
 *
 * A claimed timer stays 'scheduled' until marked fired, so an expired lease makes it due again.
 */
import { randomUUID } from 'node:crypto';
import type { Filter, UpdateFilter } from 'mongodb';
import type { TimerStore } from '../port';
import type { ClaimedTimer, NewTimer } from '../schemas/timer';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import { CLEAR_LEASE, TIMERS, type TimerDocument, fromTimerDocument, timerDocument } from './recordDocuments';

/** Idempotent schedule: an upsert keyed by id that writes only when the id is new. */
export function scheduleTimerWrite(timer: NewTimer): {
  filter: Filter<TimerDocument>;
  update: UpdateFilter<TimerDocument>;
} {
  const { _id, ...fields } = timerDocument(timer);
  return { filter: { _id }, update: { $setOnInsert: fields } };
}

/**
 * Due, scheduled, and not under a live lease (none, or expired: `$not $gt` matches both), earliest
 * first: a walk along the partial index of scheduled timers by fire time.
 */
export const dueTimers = (
  now: number,
  dueBy = now,
): { filter: Filter<TimerDocument>; sort: { fireAt: 1; _id: 1 } } => ({
  filter: {
    status: 'scheduled',
    fireAt: { $lte: Math.max(now, dueBy) },
    leaseExpiresAt: { $not: { $gt: now } },
  },
  sort: { fireAt: 1, _id: 1 },
});

export const claimTimerUpdate = (
  owner: string,
  leaseToken: string,
  leaseExpiresAt: number,
): UpdateFilter<TimerDocument> => ({ $set: { leaseOwner: owner, leaseToken, leaseExpiresAt } });

/** Only under the current lease (fencing). */
export const firedUnder = (id: string, leaseToken: string): Filter<TimerDocument> => ({
  _id: id,
  status: 'scheduled',
  leaseToken,
});

export const FIRE_TIMER: UpdateFilter<TimerDocument> = { $set: { status: 'fired' }, $unset: CLEAR_LEASE };

export const cancellableTimer = (id: string): Filter<TimerDocument> => ({ _id: id, status: 'scheduled' });

export const CANCEL_TIMER: UpdateFilter<TimerDocument> = {
  $set: { status: 'cancelled' },
  $unset: CLEAR_LEASE,
};

/** The next scheduled timer falling due after `after`: the first entry of the partial index past it. */
export const nextDue = (after: number): { filter: Filter<TimerDocument>; sort: { fireAt: 1; _id: 1 } } => ({
  filter: { status: 'scheduled', fireAt: { $gt: after } },
  sort: { fireAt: 1, _id: 1 },
});

export const countDue = (now: number): Filter<TimerDocument> => ({
  status: 'scheduled',
  fireAt: { $lte: now },
});

const epochMs = { bsonType: ['int', 'long', 'double'] };

export const timerCollections: CollectionSpec[] = [
  {
    name: TIMERS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['_id', 'instanceId', 'timerId', 'fireAt', 'status'],
        properties: {
          _id: { bsonType: 'string' },
          instanceId: { bsonType: 'string' },
          timerId: { bsonType: 'string' },
          fireAt: epochMs,
          status: { enum: ['scheduled', 'fired', 'cancelled'] },
          leaseOwner: { bsonType: 'string' },
          leaseToken: { bsonType: 'string' },
          leaseExpiresAt: epochMs,
        },
      },
    },
    indexes: [
      // Claims and the due count: only scheduled timers are in it, ordered by fire time.
      {
        key: { fireAt: 1, _id: 1 },
        name: 'timers_scheduled_by_fire_at',
        partialFilterExpression: { status: 'scheduled' },
      },
    ],
  },
];

export function mongoTimers(context: MongoContext): TimerStore {
  const timers = consistentCollection<TimerDocument>(context, TIMERS);

  return withStoreErrors('timers', {
    async scheduleTimer(timer) {
      const { filter, update } = scheduleTimerWrite(timer);
      return (await timers.updateOne(filter, update, { upsert: true })).upsertedCount > 0;
    },

    async getTimer(id) {
      const doc = await timers.findOne({ _id: id });
      return doc ? fromTimerDocument(doc) : null;
    },

    async cancelTimer(id) {
      return (await timers.updateOne(cancellableTimer(id), CANCEL_TIMER)).modifiedCount > 0;
    },

    async claimDueTimers({ owner, now, leaseMs, limit, dueBy }) {
      const { filter, sort } = dueTimers(now, dueBy);
      const leaseToken = randomUUID();
      const leaseExpiresAt = Math.max(now, dueBy ?? now) + leaseMs;
      // Three round trips whatever the limit (one per timer made a claim of 250 take 250): the
      // candidates earliest first; one conditional update leasing those still claimable (another
      // service may take some in between: the filter is checked per document, atomically); and
      // what this claim's token, new and unique, holds. The token fences every earlier holder.
      const candidates = await timers.find(filter).sort(sort).limit(limit).toArray();
      if (candidates.length === 0) return [];
      const ids = candidates.map((candidate) => candidate._id);
      await timers.updateMany(
        { ...filter, _id: { $in: ids } },
        claimTimerUpdate(owner, leaseToken, leaseExpiresAt),
      );
      const leased = await timers.find({ _id: { $in: ids }, leaseToken }).toArray();
      return leased
        .map((doc): ClaimedTimer => ({
          ...fromTimerDocument(doc),
          leaseOwner: owner,
          leaseToken,
          leaseExpiresAt,
        }))
        .sort((x, y) => x.fireAt - y.fireAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    },

    async markTimerFired(id, leaseToken) {
      return (await timers.updateOne(firedUnder(id, leaseToken), FIRE_TIMER)).modifiedCount > 0;
    },

    async releaseTimers(owner, dueBy) {
      // Along the index of scheduled timers by due time: only the held ones are read.
      const released = await timers.updateMany(
        { status: 'scheduled', fireAt: { $lte: dueBy }, leaseOwner: owner },
        { $unset: { leaseOwner: '', leaseToken: '', leaseExpiresAt: '' } },
      );
      return released.modifiedCount;
    },

    async countDueTimers(now) {
      return timers.countDocuments(countDue(now));
    },

    async nextTimerDue(after) {
      const { filter, sort } = nextDue(after);
      const doc = await timers.findOne(filter, { sort, projection: { fireAt: 1 } });
      return doc ? doc.fireAt : null;
    },
  });
}
