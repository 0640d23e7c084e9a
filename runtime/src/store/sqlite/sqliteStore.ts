import { accessSync, constants, mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreError } from '../errors';
import type { Store } from '../port';
import { sqliteChanges } from './changes';
import { sqliteGroups } from './groups';
import { sqliteCron, sqliteOnceTokens } from './cronAndOnce';
import { SqlDatabase } from './database';
import { sqliteHistory } from './history';
import { sqliteInstances } from './instances';
import { sqliteJobs } from './jobs';
import { sqliteMessages } from './messages';
import { migrate } from './migrations';
import { refuseNetworkFilesystem } from './networkFilesystem';
import { sqliteRetention } from './retention';
import { sqliteActivation } from './activation';
import { sqliteSecrets } from './secrets';
import { sqliteStatistics } from './statistics';
import { sqliteTasks } from './tasks';
import { sqliteTimers } from './timers';
import { sqliteUsers } from './users';
import { sqliteWorkflows } from './workflows';
import { storageFailureReason, translateStorageError } from './storageErrors';
import { createWriteHealth, formatBytes, freeBytes } from './writeHealth';
import { startCheckpointer } from './checkpointer';
import { walSync } from './walSync';
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
  /**
   * Less free space than this on the data's filesystem counts as a full disk: the store refuses to
   * open, and `checkWritable` (readiness) fails. Default 8 MiB.
   */
  minFreeBytes?: number;
  /** Told when writes stop committing (with why: disk full, read-only, …) and when they do again. */
  onWriteHealth?: (failure: StoreError | undefined) => void;
}

export const DEFAULT_MIN_FREE_BYTES = 8 * 1024 * 1024;

/**
 * The embedded store: one SQLite file in WAL mode. Several processes may open the same file on a
 * local disk; every write transaction takes the write lock up front (BEGIN IMMEDIATE). Reads run
 * at once; writes go through writeQueue.ts (group commit unless `groupCommit: false`).
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const path = resolve(options.path);
  const directory = dirname(path);
  const minFreeBytes = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let db: SqlDatabase | undefined;
  try {
    mkdirSync(directory, { recursive: true });
    refuseNetworkFilesystem(realpathSync(directory));
    const free = freeBytes(directory);
    if (free !== undefined && free < minFreeBytes)
      throw new StoreError(
        'UNAVAILABLE',
        `The data directory ${directory} has ${formatBytes(free)} free; Flowline needs at least ` +
          `${formatBytes(minFreeBytes)} there. Free some space (or give it a larger disk) and start again.`,
        { reason: 'disk-full' },
      );
    db = SqlDatabase.open(path, busyTimeoutMs);
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    db.exec('PRAGMA journal_mode = WAL');
    // A commit is acknowledged only once the WAL holding it is on disk, so it survives power
    // loss. FULL syncs inside COMMIT, on the event loop; with group commit the WAL is synced off
    // it instead (walSync.ts: NORMAL, and the callers answered after the sync). Throughput comes
    // from group commit (writeQueue.ts), not from weakening this.
    db.exec(`PRAGMA synchronous = ${options.groupCommit === false ? 'FULL' : 'NORMAL'}`);
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
    // A database that opens but cannot be written (a read-only mount) must not start serving.
    const opened = db;
    opened.immediate(() =>
      opened.run('INSERT INTO store_probe (id, at) VALUES (1, 0) ON CONFLICT (id) DO NOTHING'),
    );
  } catch (error) {
    db?.close();
    throw startFailure(error, directory, busyTimeoutMs);
  }

  const barrier = options.groupCommit === false ? undefined : walSync(`${path}-wal`);
  // With the sync off the event loop, checkpoints (the other disk wait inside COMMIT) go too.
  const checkpointer = barrier ? startCheckpointer(db, { path, busyTimeoutMs }) : undefined;
  const health = createWriteHealth({
    db,
    writes: barrier
      ? groupCommitWrites(db, {
          barrier,
          ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
        })
      : directWrites(db),
    directory,
    minFreeBytes,
    ...(options.onWriteHealth ? { onChange: options.onWriteHealth } : {}),
  });
  const writes: Writes = health.writes;
  const opened = db;
  let closed = false;
  return {
    ...sqliteWorkflows(opened, writes),
    ...sqliteInstances(opened, writes),
    ...sqliteHistory(opened),
    ...sqliteJobs(opened, writes),
    ...sqliteTimers(opened, writes),
    ...sqliteTasks(opened, writes),
    ...sqliteCron(opened, writes),
    ...sqliteOnceTokens(opened, writes),
    ...sqliteUsers(opened, writes),
    ...sqliteSecrets(opened, writes),
    ...sqliteChanges(opened, writes),
    ...sqliteGroups(opened, writes),
    ...sqliteStatistics(opened),
    ...sqliteRetention(opened, writes),
    ...sqliteActivation(opened, writes),
    ...sqliteMessages(opened, writes),
    async migrate() {
      migrate(opened);
    },
    checkWritable: health.checkWritable,
    async close() {
      if (closed) return;
      closed = true;
      // Writes already called are committed (and answered) before the connection closes.
      writes.close();
      await barrier?.close();
      await checkpointer?.close();
      opened.close();
    },
  };
}

/** A start that cannot write its data says why in a sentence naming the directory. */
function startFailure(error: unknown, directory: string, busyTimeoutMs: number): unknown {
  if (error instanceof StoreError && error.code !== 'UNAVAILABLE') return error;
  let reason = storageFailureReason(error);
  if (reason === undefined) return error;
  // SQLite says only "cannot open" when it may not create the file; the directory says why.
  if (reason === 'io-error' && !writable(directory)) reason = 'read-only';
  if (error instanceof StoreError && error.message.includes(directory)) return error;
  const cause = translateStorageError(error);
  const sentence = {
    'disk-full': `The data directory ${directory} is full; free some space (or give it a larger disk) and start again.`,
    'read-only': `The data directory ${directory} is read-only; Flowline keeps its database there, so mount it read-write and start again.`,
    'io-error': `The database in ${directory} cannot be opened or written (input/output error); check the disk.`,
    busy: `Another process held the database in ${directory} locked for more than ${busyTimeoutMs} ms.`,
  }[reason];
  return new StoreError('UNAVAILABLE', sentence, { reason, cause });
}

function writable(directory: string): boolean {
  try {
    accessSync(directory, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
