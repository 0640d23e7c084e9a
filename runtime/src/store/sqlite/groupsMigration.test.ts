import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations';
import { createSqliteStore } from './sqliteStore';

describe('migrating users’ group lists to group records', () => {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-groups-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('turns each group id users named into a group, and each list into memberships in order', async () => {
    const path = join(directory, 'flowline.db');
    // A database as the runtime before groups were records left it.
    const raw = new Database(path);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    for (const migration of migrations.filter((m) => m.version <= 10)) {
      raw.exec(migration.sql);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.version, migration.name);
    }
    const insert = raw.prepare(
      `INSERT INTO users (id, email, name, password_hash, roles, groups_json, disabled, created_at)
       VALUES (?, ?, ?, 'h', '["approver"]', ?, 0, ?)`,
    );
    insert.run('ann', 'ann@example.com', 'Ann', '["cab","it-ops"]', 2000);
    insert.run('bo', 'bo@example.com', 'Bo', '["it-ops"]', 1000);
    insert.run('cy', 'cy@example.com', 'Cy', '[]', 3000);
    raw.close();

    const store = await createSqliteStore({ path });
    try {
      expect((await store.listGroups({ limit: 10 })).items).toEqual([
        { id: 'cab', name: 'cab', description: '', createdAt: 2000, memberCount: 1 },
        { id: 'it-ops', name: 'it-ops', description: '', createdAt: 1000, memberCount: 2 },
      ]);
      expect((await store.getUser('ann'))?.groups).toEqual(['cab', 'it-ops']);
      expect((await store.getUser('cy'))?.groups).toEqual([]);
      expect((await store.listGroupMembers('it-ops', { limit: 10 })).map((u) => u.id)).toEqual(['bo', 'ann']);
    } finally {
      await store.close();
    }
  });
});
