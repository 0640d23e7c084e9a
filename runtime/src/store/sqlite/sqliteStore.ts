import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Store } from '../port';
import { sqliteCron, sqliteOnceTokens } from './cronAndOnce';
import { SqlDatabase } from './database';
import { sqliteHistory } from './history';
import { sqliteInstances } from './instances';
import { sqliteJobs } from './jobs';
import { migrate } from './migrations';
import { refuseNetworkFilesystem } from './networkFilesystem';
import { sqliteSecrets } from './secrets';
import { sqliteTasks } from './tasks';
import { sqliteTimers } from './timers';
import { sqliteUsers } from './users';
import { sqliteWorkflows } from './workflows';

export interface SqliteStoreOptions {
  /** The database file; its directory is created when missing. */
  path: string;
  /** How long a writer waits for another connection's write lock. Default 5 s. */
  busyTimeoutMs?: number;
}

/**
 * The embedded store: one SQLite file in WAL mode. Several processes may open the same file on a
 * local disk; every read-then-write takes the write lock up front (BEGIN IMMEDIATE).
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const path = resolve(options.path);
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  refuseNetworkFilesystem(realpathSync(directory));

  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = SqlDatabase.open(path, busyTimeoutMs);
  try {
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    db.exec('PRAGMA journal_mode = WAL');
    // FULL: the WAL is fsynced at every commit, so a commit that returned survives power loss.
    // Throughput comes from group commit (commitSteps), not from weakening this.
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  let closed = false;
  return {
    ...sqliteWorkflows(db),
    ...sqliteInstances(db),
    ...sqliteHistory(db),
    ...sqliteJobs(db),
    ...sqliteTimers(db),
    ...sqliteTasks(db),
    ...sqliteCron(db),
    ...sqliteOnceTokens(db),
    ...sqliteUsers(db),
    ...sqliteSecrets(db),
    async migrate() {
      migrate(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
