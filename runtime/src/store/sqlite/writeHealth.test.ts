import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreError } from '../errors';
import { SqlDatabase } from './database';
import { createWriteHealth } from './writeHealth';
import { groupCommitWrites } from './writeQueue';

describe('write health (what readiness asks)', () => {
  let directory = '';
  let db: SqlDatabase;
  const changes: (string | undefined)[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-write-health-'));
    db = SqlDatabase.open(join(directory, 'flowline.db'), 50);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('CREATE TABLE t (v TEXT)');
    db.exec('CREATE TABLE store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)');
    changes.length = 0;
  });
  afterEach(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const healthOf = (minFreeBytes = 0) =>
    createWriteHealth({
      db,
      writes: groupCommitWrites(db),
      directory,
      minFreeBytes,
      onChange: (failure: StoreError | undefined) => changes.push(failure?.reason),
    });
  const insert = (health: ReturnType<typeof healthOf>) =>
    health.writes.run(() => db.run('INSERT INTO t (v) VALUES (:v)', { v: 'x'.repeat(4000) }));
  const probedAt = () => db.get('SELECT at FROM store_probe')?.['at'];

  it('reports a commit refused for lack of space once, and the first commit with room as the end of it', async () => {
    const health = healthOf();
    await health.checkWritable(1000);
    const pages = Number(db.get('PRAGMA page_count')?.['page_count']);
    db.exec(`PRAGMA max_page_count = ${pages + 2}`); // the disk is about to be full
    let refused: unknown;
    for (let i = 0; i < 20 && refused === undefined; i += 1)
      await insert(health).catch((error: unknown) => (refused = error));
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', reason: 'disk-full' });
    await insert(health).catch(() => undefined); // still full: no second report
    expect(changes).toEqual(['disk-full']);
    db.exec('PRAGMA max_page_count = 1000000'); // space returns
    await insert(health);
    await expect(health.checkWritable(3000)).resolves.toBeUndefined();
    expect(changes).toEqual(['disk-full', undefined]);
  });

  it('says read-only while the database refuses writes', async () => {
    const health = healthOf();
    db.exec('PRAGMA query_only = ON');
    await expect(health.checkWritable(1000)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      reason: 'read-only',
    });
    db.exec('PRAGMA query_only = OFF');
    await expect(health.checkWritable(2000)).resolves.toBeUndefined();
    expect(changes).toEqual(['read-only', undefined]);
  });

  it('counts too little free space as a full disk, without writing', async () => {
    const health = healthOf(Number.MAX_SAFE_INTEGER);
    await expect(health.checkWritable(1000)).rejects.toMatchObject({
      reason: 'disk-full',
      message: expect.stringContaining('free, at least'),
    });
    expect(probedAt()).toBeUndefined();
  });

  it('answers from recent commits and writes a probe only now and then', async () => {
    const health = healthOf();
    await health.checkWritable(1000);
    expect(probedAt()).toBe(1000);
    await insert(health);
    await health.checkWritable(60_000); // a commit since the last check: no probe
    await health.checkWritable(65_000); // known to work less than 10 s ago: no probe
    expect(probedAt()).toBe(1000);
    await health.checkWritable(80_000); // nothing written for 20 s: probe
    expect(probedAt()).toBe(80_000);
  });
});
