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
import { type Writes, directWrites, groupCommitWrites } from './writeQueue';

export interface SqliteStoreOptions {
  /** The database file; its directory is created when missing. */
  path: string;
  /** How long a writer waits for another connection's write lock. Default 5 s. */
  busyTimeoutMs?: number;
  /**
   * Group commit (default true): every write called in the same turn of the event loop shares one
   * transaction, hence one fsync, and is answered after its COMMIT. False: one transaction per write.
   */
  groupCommit?: boolean;
  /** Most writes sharing one group commit. Default 500. */
  maxBatch?: number;
}

/**
 * The embedded store: one SQLite file in WAL mode. Several processes may open the same file on a
 * local disk; every write transaction takes the write lock up front (BEGIN IMMEDIATE). Reads run
 * at once; writes go through writeQueue.ts (group commit unless `groupCommit: false`).
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
    // Throughput comes from group commit (writeQueue.ts), not from weakening this.
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const writes: Writes =
    options.groupCommit === false
      ? directWrites(db)
      : groupCommitWrites(db, options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch });
  let closed = false;
  return {
    ...sqliteWorkflows(db, writes),
    ...sqliteInstances(db, writes),
    ...sqliteHistory(db),
    ...sqliteJobs(db, writes),
    ...sqliteTimers(db, writes),
    ...sqliteTasks(db, writes),
    ...sqliteCron(db, writes),
    ...sqliteOnceTokens(db, writes),
    ...sqliteUsers(db, writes),
    ...sqliteSecrets(db, writes),
    async migrate() {
      migrate(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      // Writes already called are committed (and answered) before the connection closes.
      writes.close();
      db.close();
    },
  };
}
