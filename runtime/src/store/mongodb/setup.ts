import { type Db, type Document, type IndexDescription, MongoServerError } from 'mongodb';
import { StoreError } from '../errors';
import type { CollectionSpec } from './context';
import { toStoreError } from './errors';
import { tokenEarlierReservations } from './messages';

/**
 * Versions of the MongoDB schema (collections, validators, indexes), recorded in
 * `schema_migrations` as `{_id: version, name}` like the SQLite adapter's table. Append-only: a
 * released entry is never edited; a change is a new entry, and `ensureSchema` brings every
 * collection to the latest specs whatever version it finds (each step is idempotent).
 */
export const MONGO_MIGRATIONS: readonly {
  version: number;
  name: string;
  /** Data this version changes, run once when a store older than it is opened (idempotent). */
  backfill?: (db: Db) => Promise<unknown>;
}[] = [
  { version: 1, name: 'collections, validators and indexes of every store part' },
  { version: 2, name: 'data retention: ended instances, jobs and timers by instance, retentionPolicies' },
  { version: 3, name: 'workflowActivations' },
  { version: 4, name: 'users: the away setting and the requester role (validator)' },
  { version: 5, name: 'instances: incident counts by status and workflow' },
  { version: 6, name: 'bufferedMessages' },
  {
    version: 7,
    name: 'bufferedMessages: reservation tokens (fencing the take), instances: reservationTokens',
    backfill: tokenEarlierReservations,
  },
  { version: 8, name: 'instances: businessKey (validator) and instances_by_business_key' },
];

export const MIGRATIONS = 'schema_migrations';

const NAMESPACE_EXISTS = 48;

/** Specs naming the same collection (a part's indexes on another's collection) become one. */
export function mergeSpecs(specs: readonly CollectionSpec[]): CollectionSpec[] {
  const merged = new Map<string, { name: string; validator?: Document; indexes: IndexDescription[] }>();
  for (const spec of specs) {
    const known = merged.get(spec.name);
    if (!known) {
      merged.set(spec.name, { ...spec, indexes: [...spec.indexes] });
      continue;
    }
    if (
      spec.validator &&
      known.validator &&
      JSON.stringify(spec.validator) !== JSON.stringify(known.validator)
    )
      throw new Error(`Two validators for the collection ${spec.name}: only its owner may declare one.`);
    if (spec.validator) known.validator = spec.validator;
    for (const index of spec.indexes) {
      const same = known.indexes.find((existing) => existing.name === index.name);
      if (!same) known.indexes.push(index);
      else if (JSON.stringify(same) !== JSON.stringify(index))
        throw new Error(`Two different indexes named ${index.name ?? '?'} on ${spec.name}.`);
    }
  }
  return [...merged.values()];
}

/** The collection's options: its validator, enforced on every insert and update. */
export const validationOptions = (spec: CollectionSpec): Document =>
  spec.validator ? { validator: spec.validator, validationLevel: 'strict', validationAction: 'error' } : {};

/**
 * Creates what is missing and updates validators (collMod), idempotently: two replicas starting
 * at once both succeed. An index that exists under the same name with other keys or options is
 * an error naming it (the server refuses to change an index in place: drop it, then start).
 */
export async function ensureSchema(db: Db, specs: readonly CollectionSpec[]): Promise<void> {
  try {
    const latest = MONGO_MIGRATIONS.at(-1)?.version ?? 0;
    const newest = await db.collection<{ _id: number }>(MIGRATIONS).find().sort({ _id: -1 }).limit(1).next();
    if (newest && newest._id > latest)
      throw new StoreError(
        'SCHEMA_TOO_NEW',
        `The database schema is at version ${newest._id}, newer than this runtime knows (${latest}). Upgrade the runtime.`,
      );
    const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    for (const spec of mergeSpecs(specs)) {
      if (!existing.has(spec.name)) {
        try {
          await db.createCollection(spec.name, validationOptions(spec));
        } catch (error) {
          if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
          if (spec.validator) await db.command({ collMod: spec.name, ...validationOptions(spec) });
        }
      } else if (spec.validator) {
        await db.command({ collMod: spec.name, ...validationOptions(spec) });
      }
      if (spec.indexes.length > 0) await db.collection(spec.name).createIndexes([...spec.indexes]);
    }
    for (const migration of MONGO_MIGRATIONS) {
      if (migration.backfill && newest && newest._id < migration.version) await migration.backfill(db);
      await db
        .collection<{ _id: number; name: string }>(MIGRATIONS)
        .updateOne({ _id: migration.version }, { $setOnInsert: { name: migration.name } }, { upsert: true });
    }
  } catch (error) {
    throw toStoreError(error, 'Preparing the MongoDB collections');
  }
}
