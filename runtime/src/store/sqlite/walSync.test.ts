import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError, StoreError } from '../errors';
import { SqlDatabase } from './database';
import type { DurabilityBarrier } from './walSync';
import { walSync } from './walSync';
import { groupCommitWrites } from './writeQueue';

/** A barrier whose syncs the test confirms (or fails) by hand. */
function manualBarrier() {
  const pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let failed: StoreError | undefined;
  const barrier: DurabilityBarrier = {
    sync: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
    get failed() {
      return failed;
    },
    close: async () => undefined,
  };
  return {
    barrier,
    asked: () => pending.length,
    confirm: () => pending.shift()!.resolve(),
    fail: (error: StoreError) => {
      failed = error;
      pending.shift()!.reject(error);
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit with the WAL synced off the event loop', () => {
  let directory: string;
  let db: SqlDatabase;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-wal-sync-'));
    db = SqlDatabase.open(join(directory, 'db.sqlite'), 1000);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  });
  afterEach(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const count = () => Number(db.get('SELECT count(*) AS n FROM t')!['n']);

  it('answers a batch only once the sync asked after its COMMIT is confirmed', async () => {
    const sync = manualBarrier();
    const writes = groupCommitWrites(db, { barrier: sync.barrier });
    let answered = false;
    const write = writes.run(() => db.run('INSERT INTO t (id) VALUES (1)')).then(() => (answered = true));
    await turn();
    await turn();
    expect(count()).toBe(1); // committed…
    expect(sync.asked()).toBe(1);
    expect(answered).toBe(false); // …but nobody is told before the disk confirmed it
    sync.confirm();
    await write;
    expect(answered).toBe(true);
  });

  it('lets one more batch commit while a sync runs, and gathers the rest for after it', async () => {
    const sync = manualBarrier();
    const writes = groupCommitWrites(db, { barrier: sync.barrier });
    const first = writes.run(() => db.run('INSERT INTO t (id) VALUES (1)'));
    await turn();
    const second = writes.run(() => db.run('INSERT INTO t (id) VALUES (2)'));
    await turn();
    const third = [3, 4, 5].map((id) => writes.run(() => db.run(`INSERT INTO t (id) VALUES (${id})`)));
    await turn();
    await turn();
    expect([count(), sync.asked()]).toEqual([2, 2]);
    sync.confirm();
    await first;
    await turn();
    await turn();
    // The three waiting writes went in as one batch, with one sync.
    expect([count(), sync.asked()]).toEqual([5, 2]);
    sync.confirm();
    sync.confirm();
    await Promise.all([second, ...third]);
  });

  it('rejects the batch whose sync failed and refuses every later write without running it', async () => {
    const sync = manualBarrier();
    const writes = groupCommitWrites(db, { barrier: sync.barrier });
    const write = writes.run(() => db.run('INSERT INTO t (id) VALUES (1)'));
    await turn();
    sync.fail(new StoreError('UNAVAILABLE', 'sync failed', { reason: 'io-error' }));
    await expect(write).rejects.toThrow('sync failed');
    let ran = false;
    const later = writes.run(() => {
      ran = true;
    });
    await expect(later).rejects.toSatisfy((error) => isStoreError(error, 'UNAVAILABLE'));
    expect(ran).toBe(false);
  });

  it('syncs a real WAL file, and a failure makes every later sync refuse as the store being unavailable', async () => {
    const wal = join(directory, 'some.db-wal');
    writeFileSync(wal, 'frames');
    const barrier = walSync(wal);
    await Promise.all([barrier.sync(), barrier.sync(), barrier.sync()]);
    expect(barrier.failed).toBeUndefined();
    await barrier.close();

    const missing = walSync(join(directory, 'gone', 'x.db-wal'));
    const failure = await missing.sync().catch((error: unknown) => error);
    expect(isStoreError(failure, 'UNAVAILABLE') && (failure as StoreError).reason).toBe('io-error');
    expect(missing.failed).toBe(failure);
    await expect(missing.sync()).rejects.toBe(failure);
    await missing.close();
  });
});
