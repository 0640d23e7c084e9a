import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqlDatabase } from './database';

/** How often the background connection looks at the WAL's size. */
const LOOK_EVERY_MS = 250;
/** SQLite's own threshold: 1,000 pages of 4 KiB (used again when the background connection is lost). */
const AUTOCHECKPOINT_PAGES = 1_000;
const CHECKPOINT_AT_BYTES = AUTOCHECKPOINT_PAGES * 4096;

// CommonJS run by the worker (eval: the same code under tsx and in the bundled runtime).
const WORKER_SOURCE = `
const { statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
const walSize = () => {
  try {
    return statSync(workerData.path + '-wal').size;
  } catch {
    return 0;
  }
};
const timer = setInterval(() => {
  if (walSize() < workerData.atBytes) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Busy (another process checkpoints) or I/O: the next round tries again; the data is in the WAL.
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  close(): Promise<void>;
}

/**
 * Checkpoints on a worker thread. A checkpoint copies the WAL's pages into the database file and
 * syncs both; SQLite runs it inside whichever COMMIT crosses 1,000 pages, on the event loop, where
 * it took about half of all COMMIT time under load. Here the main connection never checkpoints
 * (`wal_autocheckpoint = 0`) and a second connection does it once the WAL holds as much, PASSIVE
 * (it never waits for, or blocks, readers and writers). If the worker cannot run, the main connection takes the
 * job back.
 */
export function startCheckpointer(
  db: SqlDatabase,
  options: {
    path: string;
    busyTimeoutMs: number;
    libsqlModule?: string;
    everyMs?: number;
    atBytes?: number;
  },
): Checkpointer {
  db.exec('PRAGMA wal_autocheckpoint = 0');
  // The WAL is cut back to what its first commit after a checkpoint wrote, so its size says how
  // much waits to be checkpointed (and a full disk still shows at the next append, as before).
  db.exec('PRAGMA journal_size_limit = 0');
  const fallBack = () => {
    if (closed) return;
    try {
      db.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The store's connection is gone already: nothing is left to checkpoint for.
    }
  };
  let closed = false;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // It holds one statement: a small heap keeps its cost near the isolate's own (~9 MiB RSS).
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    workerData: {
      libsql: options.libsqlModule ?? createRequire(import.meta.url).resolve('libsql'),
      path: options.path,
      busyTimeoutMs: options.busyTimeoutMs,
      everyMs: options.everyMs ?? LOOK_EVERY_MS,
      atBytes: options.atBytes ?? CHECKPOINT_AT_BYTES,
    },
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('error', fallBack);
  worker.once('exit', fallBack);
  return {
    async close() {
      closed = true;
      worker.postMessage('close');
      const stop = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(stop);
    },
  };
}
