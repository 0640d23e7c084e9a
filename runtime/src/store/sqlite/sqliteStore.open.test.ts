import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import { migrations } from './migrations';
import { createSqliteStore } from './sqliteStore';

describe('opening the sqlite store', () => {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-open-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates the missing directories of the database file, in WAL mode', async () => {
    const path = join(directory, 'a', 'b', 'flowline.db');
    const store = await createSqliteStore({ path });
    await store.close();
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path);
    expect(raw.pragma('journal_mode')).toMatchObject([{ journal_mode: 'wal' }]);
    raw.close();
  });

  it('opens an existing database again, keeping its data and migrating nothing twice', async () => {
    const path = join(directory, 'flowline.db');
    const first = await createSqliteStore({ path });
    await first.consumeOnce({ namespace: 'n', key: 'k', expiresAt: 1 });
    await first.close();
    const second = await createSqliteStore({ path });
    await second.migrate();
    expect(await second.consumeOnce({ namespace: 'n', key: 'k', expiresAt: 1 })).toBe(false);
    await second.close();
  });

  it('refuses a database whose schema is newer than this runtime', async () => {
    const path = join(directory, 'flowline.db');
    await (await createSqliteStore({ path })).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')").run({});
    raw.close();
    await expect(createSqliteStore({ path })).rejects.toSatisfy((error) =>
      isStoreError(error, 'SCHEMA_TOO_NEW'),
    );
  });

  it('numbers the versions published before the publication order existed by their publishing time', async () => {
    const path = join(directory, 'flowline.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    for (const migration of migrations.filter((m) => m.version <= 5)) {
      raw.exec(migration.sql);
      raw
        .prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)')
        .run(migration.version, migration.name);
    }
    const insert = raw.prepare(
      "INSERT INTO workflow_versions (workflow_id, version, definition, published_at, published_by) VALUES (?, ?, '{}', ?, 'ada')",
    );
    insert.run('b', 1, 100);
    insert.run('a', 2, 300);
    insert.run('a', 1, 200);
    raw.close();
    const store = await createSqliteStore({ path });
    expect((await store.listPublishedSince(0, 10)).map((v) => [v.workflowId, v.version, v.seq])).toEqual([
      ['b', 1, 1],
      ['a', 1, 2],
      ['a', 2, 3],
    ]);
    await store.publishVersion({
      workflowId: 'c',
      version: 1,
      definition: {},
      publishedAt: 50,
      publishedBy: 'ada',
    });
    expect((await store.listPublishedSince(3, 10)).map((v) => [v.workflowId, v.seq])).toEqual([['c', 4]]);
    await store.close();
  });
});
