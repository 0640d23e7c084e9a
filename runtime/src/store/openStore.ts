import { resolve } from 'node:path';
import type { Config } from '../config';
import type { StoreError } from './errors';
import type { MongoConsistency } from './mongodb/context';
import type { Store } from './port';
import { createSqliteStore } from './sqlite/sqliteStore';

/** What the MongoDB store is opened with, from the configuration (README and docs/deploy.md). */
export interface MongoSettings {
  uri: string;
  database: string;
  consistency: MongoConsistency;
}

/** The database a URI names (`mongodb://hosts/NAME?…`), if it names one. */
export function databaseInUri(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

export function mongoSettings(config: Config): MongoSettings {
  const uri = config.mongodbUri;
  // The configuration refuses store 'mongodb' without a URI; this is for callers that skipped it.
  if (uri === undefined) throw new Error('FLOWLINE_STORE=mongodb needs FLOWLINE_MONGODB_URI.');
  const w = config.mongodbWriteConcern === 'majority' ? 'majority' : Number(config.mongodbWriteConcern);
  return {
    uri,
    database: config.mongodbDatabase ?? databaseInUri(uri) ?? 'flowline',
    consistency: {
      writeConcern: {
        w,
        j: config.mongodbJournal,
        ...(config.mongodbWtimeoutMs !== undefined ? { wtimeoutMS: config.mongodbWtimeoutMs } : {}),
      },
      readConcern: config.mongodbReadConcern,
    },
  };
}

/**
 * Opens the configured store: SQLite in the data directory (the default), or MongoDB. The MongoDB
 * adapter and its driver are loaded only when chosen, so a SQLite start does not pay for them.
 */
export async function openStore(
  config: Config,
  options: { onWriteHealth?: (failure: StoreError | undefined) => void } = {},
): Promise<Store> {
  if (config.store === 'mongodb') {
    // A literal path: the import is type-checked, and bundlers keep it as its own chunk.
    const { createMongoStore } = await import('./mongodb/mongoStore');
    return createMongoStore(mongoSettings(config));
  }
  return createSqliteStore({
    path: resolve(config.dataDir, 'flowline.db'),
    minFreeBytes: config.limits.storage.minFreeBytes,
    ...(options.onWriteHealth ? { onWriteHealth: options.onWriteHealth } : {}),
  });
}
