import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
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
});
