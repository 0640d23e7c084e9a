import { randomUUID } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { ArchiveRecord } from './archiveRecord';
import { RetentionError } from './retentionError';

const gzipAsync = promisify(gzip);

export interface ArchiveFile {
  readonly path: string;
  /** Appends the records and returns once they are on disk (fsync): only then may they be deleted. */
  append(records: readonly ArchiveRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** `instances-2026-11-29T12-00-00.000Z-1a2b3c4d.jsonl.gz`: sortable by time, unique per run and process. */
export const archiveFileName = (at: number): string =>
  `instances-${new Date(at).toISOString().replaceAll(':', '-')}-${randomUUID().slice(0, 8)}.jsonl.gz`;

/**
 * A new archive file for one run. Each append is its own gzip member (a file of several members is
 * one valid gzip stream: `zcat`/`gunzip` read it whole), compressed off the event loop, written and
 * fsynced; the directory is fsynced once when the file is created, so the file's name survives a crash too.
 */
export async function createArchiveFile(directory: string, at: number): Promise<ArchiveFile> {
  const path = join(directory, archiveFileName(at));
  let handle: FileHandle;
  try {
    await mkdir(directory, { recursive: true });
    handle = await open(path, 'wx', 0o600);
    await syncDirectory(directory);
  } catch (error) {
    throw new RetentionError('ARCHIVE_FAILED', `Cannot create the archive file ${path}: ${String(error)}`, {
      cause: error,
    });
  }
  return {
    path,
    async append(records) {
      if (records.length === 0) return;
      try {
        const lines = records.map((record) => `${JSON.stringify(record)}\n`).join('');
        await handle.write(await gzipAsync(lines));
        await handle.sync();
      } catch (error) {
        throw new RetentionError(
          'ARCHIVE_FAILED',
          `Cannot write the archive file ${path}: ${String(error)}`,
          {
            cause: error,
          },
        );
      }
    },
    close: () => handle.close(),
  };
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
