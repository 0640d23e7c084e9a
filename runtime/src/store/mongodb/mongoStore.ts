import { MongoClient, type MongoClientOptions } from 'mongodb';
import type { Store } from '../port';
import { coreCollections } from './coreCollections';
import { mongoChanges, recordChanges } from './changes';
import {
  type CollectionSpec,
  DEFAULT_CONSISTENCY,
  type MongoConsistency,
  type MongoContext,
} from './context';
import { cronCollections, mongoCron, mongoOnceTokens } from './cronAndOnce';
import { toStoreError } from './errors';
import { groupCollections, mongoGroups } from './groups';
import { healthCollections, mongoHealth } from './health';
import { mongoHistory } from './history';
import { mongoInstances } from './instances';
import { jobCollections, mongoJobs } from './jobs';
import { messageCollections, mongoMessages } from './messages';
import { mongoRetention, retentionCollections } from './retention';
import { activationCollections, mongoActivation } from './activation';
import { mongoSecrets, secretCollections } from './secrets';
import { ensureSchema } from './setup';
import { mongoStatistics, statisticsCollections } from './statistics';
import { mongoTasks, taskCollections } from './tasks';
import { mongoTimers, timerCollections } from './timers';
import { mongoUsers, userCollections } from './users';
import { mongoWorkflows } from './workflows';

export interface MongoStoreOptions {
  /** A replica set or Atlas URI (`mongodb://a,b,c/?replicaSet=rs0`); a standalone server has no majority. */
  uri: string;
  database: string;
  /** Write and read concerns; defaults: `{w: 'majority', j: true}` and 'majority' (context.ts). */
  consistency?: Partial<MongoConsistency>;
  /** How long a change-feed reader waits for a numbered change still being written. Default 2 s. */
  gapWaitMs?: number;
  /** Further driver options (TLS, pool size, timeouts); the consistency options above win. */
  clientOptions?: MongoClientOptions;
}

/** Every collection of every part, created (or brought up to date) at open. */
export const allCollections: readonly CollectionSpec[] = [
  ...coreCollections,
  ...jobCollections,
  ...timerCollections,
  ...taskCollections,
  ...cronCollections,
  ...userCollections,
  ...groupCollections,
  ...secretCollections,
  ...statisticsCollections,
  ...healthCollections,
  ...retentionCollections,
  ...activationCollections,
  ...messageCollections,
];

/**
 * The MongoDB store: one database on a replica set, shared by any number of runtime replicas.
 * Every state change of an instance is one single-document compare-and-set (commitSteps.ts);
 * everything else is keyed, conditional single-document writes. No multi-document transactions.
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<Store> {
  const consistency: MongoConsistency = { ...DEFAULT_CONSISTENCY, ...options.consistency };
  const client = new MongoClient(options.uri, {
    appName: 'flowline',
    ...options.clientOptions,
    // The driver retries a write once after a lost answer without applying it twice (same txnNumber).
    retryWrites: true,
    retryReads: true,
    // Optional fields left undefined are left out, never stored as null.
    ignoreUndefined: true,
    writeConcern: consistency.writeConcern,
    readConcern: { level: consistency.readConcern },
  });
  try {
    await client.connect();
    const db = client.db(options.database);
    await ensureSchema(db, allCollections);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw toStoreError(error, `Opening the MongoDB database ${options.database}`);
  }
  const context: MongoContext = { client, db: client.db(options.database), consistency };
  return composeMongoStore(context, {
    ...(options.gapWaitMs === undefined ? {} : { gapWaitMs: options.gapWaitMs }),
    migrate: () => ensureSchema(context.db, allCollections),
    close: () => client.close(),
  });
}

/** The parts over one context (tests compose them over an in-memory stand-in of the driver). */
export function composeMongoStore(
  context: MongoContext,
  options: { gapWaitMs?: number; migrate: () => Promise<void>; close: () => Promise<void> },
): Store {
  const readOptions = options.gapWaitMs === undefined ? {} : { gapWaitMs: options.gapWaitMs };
  let closed = false;
  return {
    ...mongoWorkflows(context),
    ...mongoInstances(context),
    ...mongoHistory(context),
    ...mongoJobs(context),
    ...mongoTimers(context),
    ...mongoTasks(context, { recordTaskChanges: (changes) => recordChanges(context, changes) }),
    ...mongoCron(context),
    ...mongoOnceTokens(context),
    ...mongoUsers(context),
    ...mongoSecrets(context),
    ...mongoChanges(context, readOptions),
    ...mongoGroups(context),
    ...mongoStatistics(context),
    ...mongoHealth(context),
    ...mongoRetention(context),
    ...mongoActivation(context),
    ...mongoMessages(context),
    migrate: options.migrate,
    async close() {
      if (closed) return;
      closed = true;
      await options.close();
    },
  };
}
