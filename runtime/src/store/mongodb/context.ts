import type { Db, Document, IndexDescription, MongoClient, ReadConcernLevel, W } from 'mongodb';
import type { Clock } from '../../clock';

/**
 * What every part of the MongoDB adapter shares: the database, the consistency settings and the
 * collections each part declares. Each part is a factory `mongoXxx(context): XxxStore` in its own
 * file, like the SQLite adapter's parts; `mongoStore.ts` composes them.
 */
export interface MongoContext {
  readonly client: MongoClient;
  readonly db: Db;
  readonly consistency: MongoConsistency;
  /** Only for probe records and lease bookkeeping the port does not pass a time for. */
  readonly clock?: Clock;
}

/** Documented in README and docs/deploy.md; defaults are the safe ones. */
export interface MongoConsistency {
  /** Write concern for every write. Default 'majority' with journal. */
  readonly writeConcern: { w: W; j?: boolean; wtimeoutMS?: number };
  /** Read concern for reads that need not see the latest write. Default 'majority'. */
  readonly readConcern: ReadConcernLevel;
}

export const DEFAULT_CONSISTENCY: MongoConsistency = {
  writeConcern: { w: 'majority', j: true },
  readConcern: 'majority',
};

/**
 * One collection as a part of the adapter needs it: created idempotently at start with its
 * JSON-Schema validator (validationLevel 'strict') and its indexes (createIndexes is a no-op for
 * an index that exists with the same options).
 */
export interface CollectionSpec {
  readonly name: string;
  readonly validator?: Document;
  readonly indexes: readonly IndexDescription[];
}
