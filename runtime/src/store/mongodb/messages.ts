/**
 * Collection `bufferedMessages`, one document per buffered message, written here and by the
 * `message.take` step effect (effects.ts):
 *
 *   { _id: message id, event, correlationKey, workflowId?, payload: JSON text, bufferedAt, expiresAt,
 *     state: 'free' | 'reserved' | 'taken', reservedFor?, reservedAt?, reservationToken?, takenAt? }
 *
 * `state` is there for the partial indexes (they take equalities, never `$exists: false`).
 *
 * A reservation is one conditional single-document update (`reservedFor` absent → set), so of any
 * number of replicas reserving at once exactly one gets each message. The take rides in the
 * reserving run's step record and is applied after the step's compare-and-set, so the fence must
 * be in the instance document, the one document the step writes: the reservation's token is
 * registered there (`reservationTokens`) *before* the message is reserved under it; the step's
 * compare-and-set requires it and removes it; a release removes it first, then finishes the
 * instance's unfinished records (a take committed before is applied, never undone), and only then
 * frees the message. So a step carrying a released token matches nothing and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Document, Filter } from 'mongodb';
import type { MessageBufferStore } from '../port';
import type { BufferedMessage, MessageReservation, NewBufferedMessage } from '../schemas/message';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { isDuplicateKey } from './duplicateKey';
import { fromText, present, toText } from './json';
import { INSTANCES, type PendingInstance, finishInstances } from './recovery';
import { withStoreErrors } from './storeErrors';

export const MESSAGES = 'bufferedMessages';

/** An instance document seen as the holder of reservation tokens (instanceDocuments.ts). */
type TokenHolder = { _id: string; reservationTokens: string[] };

export interface MessageDocument extends Document {
  _id: string;
  event: string;
  correlationKey: string;
  workflowId?: string;
  payload: string;
  bufferedAt: number;
  expiresAt: number;
  state: 'free' | 'reserved' | 'taken';
  reservedFor?: string;
  reservedAt?: number;
  reservationToken?: string;
  takenAt?: number;
}

export const messageDocument = (message: NewBufferedMessage): MessageDocument =>
  present<MessageDocument>({
    _id: message.id,
    event: message.event,
    correlationKey: message.correlationKey,
    workflowId: message.workflowId,
    payload: toText(message.payload),
    bufferedAt: message.bufferedAt,
    expiresAt: message.expiresAt,
    state: 'free',
  });

export const fromMessageDocument = (doc: MessageDocument): BufferedMessage =>
  present<BufferedMessage>({
    id: doc._id,
    event: doc.event,
    correlationKey: doc.correlationKey,
    workflowId: doc.workflowId,
    payload: fromText(doc.payload, 'payload'),
    bufferedAt: doc.bufferedAt,
    expiresAt: doc.expiresAt,
    reservedFor: doc.reservedFor,
    reservedAt: doc.reservedAt,
    reservationToken: doc.reservationToken,
    takenAt: doc.takenAt,
  });

/** The oldest free, unexpired message this run may take: a walk along the index of free messages. */
export const reservable = (
  request: MessageReservation,
): { filter: Filter<MessageDocument>; sort: { bufferedAt: 1; _id: 1 } } => ({
  filter: {
    event: request.event,
    correlationKey: request.correlationKey,
    state: 'free',
    expiresAt: { $gt: request.now },
    $or: [{ workflowId: { $exists: false } }, { workflowId: request.workflowId }],
  },
  sort: { bufferedAt: 1, _id: 1 },
});

/** The reservation a token names, while it is current: the take (a step effect) and the release. */
export const currentReservation = (
  id: string,
  instanceId: string,
  token: string,
): Filter<MessageDocument> => ({
  _id: id,
  reservedFor: instanceId,
  reservationToken: token,
  state: 'reserved',
});

/**
 * Most reservation tokens an instance document holds. Normally one at a time; a crash between
 * registering and reserving leaves one behind. One pushed out only makes its own take lose (the
 * sweep then frees the message): safe, never a second take.
 */
export const TOKENS_HELD = 20;

export const staleReservations = (reservedBefore: number): Filter<MessageDocument> => ({
  state: 'reserved',
  reservedAt: { $lt: reservedBefore },
});

export const purgeable = (now: number): Filter<MessageDocument> => ({
  expiresAt: { $lte: now },
  state: { $in: ['free', 'taken'] },
});

const epochMs = { bsonType: ['int', 'long', 'double'] };

export const messageCollections: CollectionSpec[] = [
  {
    name: MESSAGES,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['_id', 'event', 'correlationKey', 'payload', 'bufferedAt', 'expiresAt', 'state'],
        properties: {
          _id: { bsonType: 'string' },
          event: { bsonType: 'string' },
          correlationKey: { bsonType: 'string' },
          workflowId: { bsonType: 'string' },
          payload: { bsonType: 'string' },
          bufferedAt: epochMs,
          expiresAt: epochMs,
          state: { enum: ['free', 'reserved', 'taken'] },
          reservedFor: { bsonType: 'string' },
          reservedAt: epochMs,
          reservationToken: { bsonType: 'string' },
          takenAt: epochMs,
        },
      },
    },
    indexes: [
      // Reservations: only free messages are in it, oldest first per event and key.
      {
        key: { event: 1, correlationKey: 1, bufferedAt: 1, _id: 1 },
        name: 'messages_free',
        partialFilterExpression: { state: 'free' },
      },
      { key: { expiresAt: 1 }, name: 'messages_by_expiry' },
      // Reservations not yet taken (a step still to come, or a crash to settle).
      {
        key: { reservedAt: 1, _id: 1 },
        name: 'messages_reserved',
        partialFilterExpression: { state: 'reserved' },
      },
    ],
  },
];

/**
 * Migration 7: reservations made before tokens get one, so the sweep can settle them. It is on no
 * instance, so their take loses and the sweep frees them for the runs waiting then.
 */
export const tokenEarlierReservations = (db: Db) =>
  db
    .collection<MessageDocument>(MESSAGES)
    .updateMany(
      { state: 'reserved', reservationToken: { $exists: false } },
      { $set: { reservationToken: 'before-fencing' } },
    );

export function mongoMessages(context: MongoContext): MessageBufferStore {
  const messages = consistentCollection<MessageDocument>(context, MESSAGES);
  // The instance documents as the fence writes them: only their tokens (the field is optional there).
  const instances = () => consistentCollection<TokenHolder>(context, INSTANCES);

  return withStoreErrors('bufferedMessages', {
    async bufferMessage(message) {
      const { _id, ...fields } = messageDocument(message);
      let created = false;
      try {
        created =
          (await messages.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true })).upsertedCount > 0;
      } catch (error) {
        // Two senders of one id at once: the other one stored it, which is the point.
        if (!isDuplicateKey(error)) throw error;
      }
      const stored = await messages.findOne({ _id });
      if (!stored) throw new Error(`Buffered message ${_id} vanished while it was written`);
      return { message: fromMessageDocument(stored), created };
    },

    async getBufferedMessage(id) {
      const doc = await messages.findOne({ _id: id });
      return doc ? fromMessageDocument(doc) : null;
    },

    async reserveBufferedMessage(request) {
      const { filter, sort } = reservable(request);
      // Most runs that start waiting find nothing kept: a read says so, without the writes below.
      if (!(await messages.findOne(filter, { projection: { _id: 1 } }))) return null;
      // The token is registered on the run before any message is reserved under it (the fence).
      const token = randomUUID();
      // No such instance: the message is reserved all the same (as on SQLite); no step can take
      // it, and the sweep frees it.
      await instances().updateOne(
        { _id: request.instanceId },
        { $push: { reservationTokens: { $each: [token], $slice: -TOKENS_HELD } } },
      );
      const doc = await messages.findOneAndUpdate(
        filter,
        {
          $set: {
            state: 'reserved',
            reservedFor: request.instanceId,
            reservedAt: request.now,
            reservationToken: token,
          },
        },
        { sort, returnDocument: 'after' },
      );
      if (!doc)
        await instances().updateOne({ _id: request.instanceId }, { $pull: { reservationTokens: token } });
      return doc ? fromMessageDocument(doc) : null;
    },

    async releaseBufferedMessage(id, instanceId, token) {
      // The fence first: from here on no step of the run can take under this token.
      const instance = await instances().findOneAndUpdate(
        { _id: instanceId },
        { $pull: { reservationTokens: token } },
        { returnDocument: 'after', projection: { _id: 1, workflowId: 1, version: 1, pending: 1 } },
      );
      // A step that committed before may hold the take in its record still: finish it first.
      if (instance) await finishInstances(context, [instance as unknown as PendingInstance]);
      const released = await messages.updateOne(currentReservation(id, instanceId, token), {
        $set: { state: 'free' },
        $unset: { reservedFor: '', reservedAt: '', reservationToken: '' },
      });
      return released.modifiedCount > 0;
    },

    async listStaleReservations({ reservedBefore, limit }) {
      const docs = await messages
        .find(staleReservations(reservedBefore))
        .sort({ reservedAt: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(fromMessageDocument);
    },

    async purgeExpiredMessages(now, limit) {
      const ids = (
        await messages
          .find(purgeable(now), { projection: { _id: 1 } })
          .sort({ expiresAt: 1 })
          .limit(limit)
          .toArray()
      ).map((doc) => doc._id);
      if (ids.length === 0) return 0;
      // Checked again per document: a message reserved meanwhile stays.
      return (await messages.deleteMany({ ...purgeable(now), _id: { $in: ids } })).deletedCount;
    },
  });
}
