import { open, type FileHandle } from 'node:fs/promises';
import { StoreError } from '../errors';

/** Makes everything committed so far durable; resolves once the disk confirmed it. */
export interface DurabilityBarrier {
  sync(): Promise<void>;
  /** Set once a sync failed: the disk's state is unknown, so no write may begin. */
  readonly failed: StoreError | undefined;
  /** Waits for the syncs asked for, then lets the file go. */
  close(): Promise<void>;
}

/**
 * fdatasync of the WAL file on libuv's thread pool instead of inside COMMIT on the event loop.
 * The connection runs with `synchronous = NORMAL` (SQLite still syncs around checkpoints and WAL
 * resets); a commit's callers hear back only after a sync that began after its COMMIT returned, so
 * an acknowledged commit survives power loss exactly as with FULL. Syncs coalesce: while one runs,
 * every commit that lands meanwhile shares the next one. The WAL is append-only and its frames are
 * checksummed in a chain, so a sync also covers every earlier commit: what survives is a prefix.
 * A failed sync leaves the disk's state unknown, so every later write is refused (restart).
 */
export function walSync(walPath: string): DurabilityBarrier {
  let file: Promise<FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  let failure: StoreError | undefined;

  const once = async () => {
    try {
      await (await (file ??= open(walPath, 'r+'))).datasync();
    } catch (error) {
      failure ??= new StoreError(
        'UNAVAILABLE',
        `The database's write-ahead log could not be synced to disk (${(error as Error).message}); writes are refused until the runtime restarts`,
        { cause: error, reason: 'io-error' },
      );
      throw failure;
    }
  };

  function sync(): Promise<void> {
    if (failure) return Promise.reject(failure);
    if (!running) {
      running = once().finally(() => {
        running = undefined;
      });
      return running;
    }
    // The sync under way may have begun before the caller's COMMIT: the caller needs the next one.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return sync();
      });
    return next;
  }

  return {
    sync,
    get failed() {
      return failure;
    },
    async close() {
      await Promise.allSettled([running, next]);
      await file?.then(
        (handle) => handle.close(),
        () => undefined,
      );
      file = undefined;
    },
  };
}
