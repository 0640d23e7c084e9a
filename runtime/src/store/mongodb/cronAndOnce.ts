/**
 * Collections of cron triggers and one-time tokens:
 *
 *   cronFires:   { _id: ObjectId, workflowId, triggerId, scheduledAt: epoch ms }
 *                unique (workflowId, triggerId, scheduledAt): the first insert wins, across replicas.
 *   cronCursors: { _id: ObjectId, workflowId, triggerId, nextDueAt: epoch ms }
 *                unique (workflowId, triggerId): one cursor per trigger, upserted.
 *   onceTokens:  { _id: ObjectId, namespace, key, expiresAt: epoch ms, purgeAt: Date (= expiresAt) }
 *                unique (namespace, key); a TTL index on purgeAt forgets expired tokens even when
 *                nobody calls purgeExpiredOnce (the TTL monitor runs about once a minute, and a
 *                token past its expiry guards nothing any more, so its lateness is harmless).
 */
import type { Filter } from 'mongodb';
import type { CronStore, OnceTokenStore } from '../port';
import type { CronCursor, CronFire, OnceToken } from '../schemas/cron';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import { isDuplicateKey } from './duplicateKey';

export const CRON_FIRES = 'cronFires';
export const CRON_CURSORS = 'cronCursors';
export const ONCE_TOKENS = 'onceTokens';

export type CronFireDocument = CronFire;
export type CronCursorDocument = CronCursor;

export interface OnceTokenDocument {
  namespace: string;
  key: string;
  expiresAt: number;
  purgeAt: Date;
}

export const cronFireDocument = ({ workflowId, triggerId, scheduledAt }: CronFire): CronFireDocument => ({
  workflowId,
  triggerId,
  scheduledAt,
});

export const cursorKey = (workflowId: string, triggerId: string): Filter<CronCursorDocument> => ({
  workflowId,
  triggerId,
});

export const toCronCursor = (doc: CronCursorDocument): CronCursor => ({
  workflowId: doc.workflowId,
  triggerId: doc.triggerId,
  nextDueAt: doc.nextDueAt,
});

export const onceTokenDocument = ({ namespace, key, expiresAt }: OnceToken): OnceTokenDocument => ({
  namespace,
  key,
  expiresAt,
  purgeAt: new Date(expiresAt),
});

/** Tokens that expired before `now`, found along the TTL index. */
export const expiredBefore = (now: number): Filter<OnceTokenDocument> => ({
  purgeAt: { $lt: new Date(now) },
});

const epochMs = { bsonType: ['int', 'long', 'double'] };
const text = { bsonType: 'string' };

export const cronCollections: CollectionSpec[] = [
  {
    name: CRON_FIRES,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['workflowId', 'triggerId', 'scheduledAt'],
        properties: { workflowId: text, triggerId: text, scheduledAt: epochMs },
      },
    },
    indexes: [
      { key: { workflowId: 1, triggerId: 1, scheduledAt: 1 }, name: 'cron_fires_once', unique: true },
    ],
  },
  {
    name: CRON_CURSORS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['workflowId', 'triggerId', 'nextDueAt'],
        properties: { workflowId: text, triggerId: text, nextDueAt: epochMs },
      },
    },
    indexes: [{ key: { workflowId: 1, triggerId: 1 }, name: 'cron_cursor_per_trigger', unique: true }],
  },
  {
    name: ONCE_TOKENS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['namespace', 'key', 'expiresAt', 'purgeAt'],
        properties: { namespace: text, key: text, expiresAt: epochMs, purgeAt: { bsonType: 'date' } },
      },
    },
    indexes: [
      { key: { namespace: 1, key: 1 }, name: 'once_tokens_once', unique: true },
      { key: { purgeAt: 1 }, name: 'once_tokens_expire', expireAfterSeconds: 0 },
    ],
  },
];

/** Inserts; false when a unique index says the record exists already (someone else won). */
async function insertFirst(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export function mongoCron(context: MongoContext): CronStore {
  const fires = consistentCollection<CronFireDocument>(context, CRON_FIRES);
  const cursors = consistentCollection<CronCursorDocument>(context, CRON_CURSORS);

  return withStoreErrors('cron', {
    async claimCronFire(fire) {
      return insertFirst(() => fires.insertOne(cronFireDocument(fire)));
    },

    async getCronCursor(workflowId, triggerId) {
      const doc = await cursors.findOne(cursorKey(workflowId, triggerId), { projection: { _id: 0 } });
      return doc ? toCronCursor(doc) : null;
    },

    async setCronCursor({ workflowId, triggerId, nextDueAt }) {
      const write = () =>
        cursors.updateOne(cursorKey(workflowId, triggerId), { $set: { nextDueAt } }, { upsert: true });
      // Two first upserts of one trigger can race to the unique index; the loser's retry updates.
      if (!(await insertFirst(write))) await write();
    },
  });
}

export function mongoOnceTokens(context: MongoContext): OnceTokenStore {
  const tokens = consistentCollection<OnceTokenDocument>(context, ONCE_TOKENS);

  return withStoreErrors('onceTokens', {
    async consumeOnce(token) {
      return insertFirst(() => tokens.insertOne(onceTokenDocument(token)));
    },

    async purgeExpiredOnce(now, limit) {
      if (limit === undefined) return (await tokens.deleteMany(expiredBefore(now))).deletedCount;
      const expired = await tokens
        .find(expiredBefore(now), { projection: { _id: 1 } })
        .sort({ purgeAt: 1 })
        .limit(limit)
        .toArray();
      const ids = expired.map((doc) => doc._id);
      if (ids.length === 0) return 0;
      return (await tokens.deleteMany({ _id: { $in: ids }, ...expiredBefore(now) })).deletedCount;
    },
  });
}
