import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import { SqlDatabase } from './database';
import { storageFailureReason } from './storageErrors';

/**
 * Real SQLite failures (no mocks): a query-only connection (SQLite refuses its writes as it does on a
 * read-only file), a size-capped database (SQLITE_FULL as on a full disk), a held lock.
 */
describe('storage failures from SQLite', () => {
  let directory = '';
  let path = '';
  const open: Database.Database[] = [];
  const connect = (options: Database.Options = {}) => {
    const connection = new Database(path, options);
    open.push(connection);
    return new SqlDatabase(connection);
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-storage-errors-'));
    path = join(directory, 'flowline.db');
    const db = connect();
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('CREATE TABLE t (v TEXT)');
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const failure = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      return error;
    }
    throw new Error('it did not fail');
  };

  it('reports a write to a read-only database as UNAVAILABLE read-only, and reads go on', () => {
    const db = connect();
    db.exec('PRAGMA query_only = ON');
    const error = failure(() => db.run("INSERT INTO t (v) VALUES ('x')"));
    expect(isStoreError(error, 'UNAVAILABLE')).toBe(true);
    expect(error).toMatchObject({ reason: 'read-only', message: expect.stringContaining('read-only') });
    expect(db.all('SELECT * FROM t')).toEqual([]);
  });

  it('reports a full database as UNAVAILABLE disk-full', () => {
    const db = connect();
    const pages = Number(db.get('PRAGMA page_count')?.['page_count']);
    db.exec(`PRAGMA max_page_count = ${pages + 1}`);
    const error = failure(() => {
      for (let i = 0; i < 100; i += 1) db.run('INSERT INTO t (v) VALUES (:v)', { v: 'x'.repeat(4000) });
    });
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'disk-full' });
  });

  it('reports a write lock held past the busy timeout as UNAVAILABLE busy', () => {
    const holder = connect();
    holder.exec('BEGIN IMMEDIATE');
    const waiter = connect({ timeout: 50 });
    expect(failure(() => waiter.immediate(() => waiter.run("INSERT INTO t (v) VALUES ('x')")))).toMatchObject(
      {
        code: 'UNAVAILABLE',
        reason: 'busy',
      },
    );
    holder.exec('ROLLBACK');
  });

  it('leaves a statement error as it was', () => {
    const db = connect();
    const error = failure(() => db.run('INSERT INTO nowhere (v) VALUES (1)'));
    expect(isStoreError(error)).toBe(false);
  });

  it("reads the SQLite code out of libsql's failed-open message", () => {
    const error = new Error(
      'ConnectionFailed("Unable to open connection to local database /data/flowline.db: 14")',
    );
    expect(storageFailureReason(error)).toBe('io-error');
  });
});
