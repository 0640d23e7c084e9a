import { statfsSync } from 'node:fs';
import type { StoreError } from '../errors';
import type { SqlDatabase } from './database';
import { storageFailureReason, translateStorageError, unavailable } from './storageErrors';
import type { Writes } from './writeQueue';

/** A readiness probe writes at most this often while writes keep succeeding. */
const PROBE_EVERY_MS = 10_000;

/** Bytes an unprivileged writer may still use on the filesystem holding `directory`; undefined if unknown. */
export function freeBytes(directory: string): number | undefined {
  try {
    const stats = statfsSync(directory);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/**
 * Whether the store can commit, from the outcome of every write (the last storage failure stands
 * until a commit succeeds) plus free space and, when nothing was written lately, a probe write.
 * A tiny probe alone could pass on a full disk (SQLite reuses the WAL's allocated space), so free
 * space below `minFreeBytes` counts as full.
 */
export function createWriteHealth(options: {
  db: SqlDatabase;
  writes: Writes;
  directory: string;
  minFreeBytes: number;
  /** Called when the store stops being able to commit (with why) and when it can again. */
  onChange?: (failure: StoreError | undefined) => void;
}) {
  let failure: StoreError | undefined;
  let committedSinceCheck = false;
  /** When a commit was last known to work: a probe, or a check that found commits since the one before. */
  let verifiedAt = -Infinity;

  const settle = (next: StoreError | undefined) => {
    const changed = (failure?.reason ?? null) !== (next?.reason ?? null);
    failure = next;
    if (changed) options.onChange?.(next);
  };

  /** The writes of the adapter, each outcome noted. */
  const writes: Writes = {
    run<T>(work: () => T): Promise<T> {
      return options.writes.run(work).then(
        (value) => {
          committedSinceCheck = true;
          // On a nearly full disk a small write can still pass (SQLite reuses WAL space) while the
          // next big one fails: only a commit with room to spare means the failure is over.
          if (failure && !lowOnSpace()) settle(undefined);
          return value;
        },
        (error: unknown) => {
          if (storageFailureReason(error) !== undefined) settle(translateStorageError(error) as StoreError);
          throw error;
        },
      );
    },
    close: () => options.writes.close(),
  };

  const lowOnSpace = () => {
    const free = freeBytes(options.directory);
    return free !== undefined && free < options.minFreeBytes;
  };

  async function checkWritable(now: number): Promise<void> {
    const free = freeBytes(options.directory);
    if (free !== undefined && free < options.minFreeBytes) {
      throw unavailable('disk-full', {
        detail: `${formatBytes(free)} free, at least ${formatBytes(options.minFreeBytes)} wanted`,
      });
    }
    if (failure === undefined && (committedSinceCheck || now - verifiedAt < PROBE_EVERY_MS)) {
      if (committedSinceCheck) verifiedAt = now;
      committedSinceCheck = false;
      return;
    }
    await writes.run(() =>
      options.db.run(
        'INSERT INTO store_probe (id, at) VALUES (1, :now) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
        { now },
      ),
    );
    verifiedAt = now;
    committedSinceCheck = false;
  }

  return { writes, checkWritable };
}
