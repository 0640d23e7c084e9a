import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlDatabase } from './database';
import { migrate } from './migrations';
import { PRUNE_INSTANCE, prunableListQuery } from './retention';

describe('retention queries on SQLite', () => {
  let directory: string;
  let db: SqlDatabase;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-retention-plan-'));
    db = SqlDatabase.open(join(directory, 'plan.db'), 1000);
    migrate(db);
  });
  afterAll(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const plan = (sql: string, params: Record<string, string | number | null>) =>
    db
      .all(`EXPLAIN QUERY PLAN ${sql}`, params)
      .map((row) => String(row['detail']))
      .join('\n');

  it('walks ended instances in end order, and checks open work by instance, never by status', () => {
    const all = prunableListQuery({ endedBefore: 5, exceptWorkflowIds: ['a'], limit: 10 });
    const one = prunableListQuery({ endedBefore: 5, workflowId: 'a', limit: 10 });
    const remove = plan(PRUNE_INSTANCE, { id: 'x', endedBefore: 5 });
    expect(plan(all.sql, all.params)).toMatch(/SEARCH i USING INDEX instances_ended \(/);
    expect(plan(one.sql, one.params)).toMatch(
      /SEARCH i USING INDEX instances_ended_by_workflow \(workflow_id=\?/,
    );
    for (const text of [plan(all.sql, all.params), remove]) {
      expect(text).toMatch(/SEARCH j USING INDEX jobs_by_instance/);
      expect(text).toMatch(/SEARCH t USING INDEX timers_by_instance/);
      expect(text).toMatch(/SEARCH k USING INDEX tasks_by_instance/);
      expect(text).toMatch(/SEARCH c USING INDEX instances_by_root/);
      expect(text).not.toMatch(/\bSCAN\b(?! json_each)/);
    }
  });
});
