/**
 * Collection `health`: one document { _id: 'writable', at: epoch ms } that readiness probes
 * upsert, now and then, with the adapter's write concern: the probe passes only when a majority
 * (or what the operator configured) acknowledged it, i.e. when a step could commit now.
 */
import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { StoreError, type StoreUnavailableReason } from '../errors';
import type { CollectionSpec, MongoContext } from './context';

export const HEALTH = 'health';

/** A readiness probe writes at most this often while probes keep succeeding (as on SQLite). */
export const PROBE_EVERY_MS = 10_000;
/** How long a probe waits for its write concern before it says the store cannot commit. */
export const PROBE_WTIMEOUT_MS = 5_000;

export const healthCollections: CollectionSpec[] = [
  {
    name: HEALTH,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['_id', 'at'],
        properties: { _id: { bsonType: 'string' }, at: { bsonType: ['int', 'long', 'double'] } },
      },
    },
    indexes: [],
  },
];

const NOT_PRIMARY = new Set([10107, 13435, 13436, 189, 11602, 91, 11600]);
const BUSY = new Set([64, 50, 262]); // write concern timeout, time limits

/** Why the probe's write could not commit, in the port's terms. */
export function unavailableReason(error: unknown): StoreUnavailableReason {
  if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError) return 'io-error';
  if (error instanceof MongoError && typeof error.code === 'number') {
    if (error.code === 14031) return 'disk-full';
    if (NOT_PRIMARY.has(error.code)) return 'read-only';
    if (BUSY.has(error.code)) return 'busy';
    // A write concern error reported beside an applied write (wtimeout): no majority in time.
    if ((error as { writeConcernError?: unknown }).writeConcernError !== undefined) return 'busy';
  }
  return 'io-error';
}

const MESSAGES: Record<StoreUnavailableReason, string> = {
  'disk-full': "MongoDB cannot write: a member's disk is full.",
  'read-only': 'MongoDB has no primary that takes writes now (an election, or the set lost its majority).',
  busy: 'MongoDB did not acknowledge a write with the configured write concern in time.',
  'io-error': 'MongoDB cannot be reached.',
};

export function mongoHealth(context: MongoContext): { checkWritable(now: number): Promise<void> } {
  const { writeConcern } = context.consistency;
  const probes = context.db.collection<{ _id: string; at: number }>(HEALTH, {
    writeConcern: { ...writeConcern, wtimeoutMS: writeConcern.wtimeoutMS ?? PROBE_WTIMEOUT_MS },
  });
  /** When a probe last committed; a failure clears it, so the next check probes again. */
  let verifiedAt = -Infinity;

  return {
    async checkWritable(now) {
      if (now >= verifiedAt && now - verifiedAt < PROBE_EVERY_MS) return;
      try {
        await probes.updateOne({ _id: 'writable' }, { $set: { at: now } }, { upsert: true });
        verifiedAt = now;
      } catch (error) {
        verifiedAt = -Infinity;
        const reason = unavailableReason(error);
        throw new StoreError('UNAVAILABLE', MESSAGES[reason], { reason, cause: error });
      }
    },
  };
}
