import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations';
import { createSqliteStore } from './sqliteStore';

const MIN = 60_000;

describe('migrating a database to process statistics', () => {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-statistics-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('counts the instances and tasks stored before statistics existed', async () => {
    const path = join(directory, 'flowline.db');
    // A database as the runtime before statistics left it: ends and closes only in the rows.
    const raw = new Database(path);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    for (const migration of migrations.filter((m) => m.version <= 11)) {
      raw.exec(migration.sql);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.version, migration.name);
    }
    const instance = raw.prepare(
      `INSERT INTO instances (id, workflow_id, version, status, rev, snapshot, input, current_nodes,
         correlation_keys, created_at, updated_at, history_seq, history_hash)
       VALUES (?, 'access', 2, ?, 3, '{}', '{}', '[]', '[]', ?, ?, 0, '')`,
    );
    instance.run('done', 'completed', 0, 40 * MIN);
    instance.run('open', 'running', MIN, 2 * MIN);
    const task = raw.prepare(
      `INSERT INTO tasks (id, instance_id, node_id, slot, assignee_type, assignee_id, title, form, outcomes,
         allow_delegation, due_at, status, decision, created_at)
       VALUES (?, ?, 'manager', '0', 'user', 'gus', 't', '{}', '["approved"]', 1, ?, ?, ?, ?)`,
    );
    task.run(
      't1',
      'done',
      10 * MIN,
      'decided',
      JSON.stringify({ outcome: 'approved', by: 'gus', at: 30 * MIN }),
      0,
    );
    task.run('t2', 'open', 3 * MIN, 'open', null, MIN);
    raw.close();

    const store = await createSqliteStore({ path });
    try {
      const detail = await store.workflowStatistics({
        workflowId: 'access',
        from: 0,
        to: 60 * MIN,
        now: 60 * MIN,
      });
      expect(detail.total).toMatchObject({
        instances: { started: 2, running: 1, completed: 1 },
        cycleTimeMs: { p50: 40 * MIN, p90: 40 * MIN },
        tasks: { created: 2, decided: 1, open: 1, overdue: 1, decidedLate: 1, breaches: 1 },
      });
      expect(detail.versions.map((v) => v.version)).toEqual([2]);
      expect(detail.nodes).toEqual([
        expect.objectContaining({ nodeId: 'manager', turnaroundMs: { p50: 30 * MIN, p90: 30 * MIN } }),
      ]);
    } finally {
      await store.close();
    }
  });
});
