import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer';
import { SqlDatabase } from './database';

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('checkpoints on a worker thread', () => {
  let directory: string;
  let path: string;
  let db: SqlDatabase;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-checkpoint-'));
    path = join(directory, 'db.sqlite');
    db = SqlDatabase.open(path, 1000);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  });
  afterEach(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const writeMegabytes = (n: number) => {
    for (let i = 0; i < n * 16; i += 1)
      db.immediate(() => db.run('INSERT INTO t (body) VALUES (:body)', { body: 'x'.repeat(64 * 1024) }));
  };

  it('moves committed pages into the database file while the main connection never checkpoints', async () => {
    const checkpointer = startCheckpointer(db, { path, busyTimeoutMs: 1000, everyMs: 50 });
    expect(db.get('PRAGMA wal_autocheckpoint')).toMatchObject({ wal_autocheckpoint: 0 });
    const before = statSync(path).size;
    writeMegabytes(6); // past SQLite's own 1,000-page threshold, which no longer applies here
    await waitFor(() => statSync(path).size > before + 5 * 1024 * 1024);
    await checkpointer.close();
    expect(db.get('PRAGMA wal_autocheckpoint')).toMatchObject({ wal_autocheckpoint: 0 });
  });

  it('gives checkpoints back to the main connection when the worker cannot run', async () => {
    const checkpointer = startCheckpointer(db, {
      path,
      busyTimeoutMs: 1000,
      libsqlModule: join(directory, 'no-such-module.js'),
    });
    await waitFor(() => Number(db.get('PRAGMA wal_autocheckpoint')?.['wal_autocheckpoint']) === 1000);
    await checkpointer.close();
  });
});
