// Opens the store a replica benchmark process runs on: SQLite by default, MongoDB when
// FLOWLINE_STORE=mongodb and FLOWLINE_MONGODB_URI are set (each run in a database of its own).
import { MongoClient } from 'mongodb';
import type { Store } from '../src/store';
import { createSqliteStore } from '../src/store';

export type BenchStoreKind = 'sqlite' | 'mongodb';

export function benchStoreKind(env: NodeJS.ProcessEnv = process.env): BenchStoreKind {
  return env['FLOWLINE_STORE'] === 'mongodb' && env['FLOWLINE_MONGODB_URI'] ? 'mongodb' : 'sqlite';
}

/** `where` is the SQLite file, or the MongoDB database name. */
export async function openBenchStore(kind: BenchStoreKind, where: string): Promise<Store> {
  if (kind === 'sqlite') return createSqliteStore({ path: where });
  // The adapter lands from the MongoDB helpers (runtime/src/store/mongodb/mongoStore.ts); loaded
  // by a computed path so this file type-checks before it does.
  const modulePath = '../src/store/mongodb/mongoStore';
  const { createMongoStore } = (await import(modulePath)) as {
    createMongoStore: (options: { uri: string; database: string }) => Promise<Store>;
  };
  return createMongoStore({ uri: process.env['FLOWLINE_MONGODB_URI']!, database: where });
}

/** Drops a benchmark's MongoDB database (SQLite files go with their temp directory). */
export async function dropBenchDatabase(name: string): Promise<void> {
  const client = new MongoClient(process.env['FLOWLINE_MONGODB_URI']!);
  try {
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
