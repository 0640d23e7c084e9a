import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlDatabase } from './database';
import { instanceCountQuery } from './instances';
import { migrate } from './migrations';

describe('counting instances on SQLite', () => {
  let directory: string;
  let db: SqlDatabase;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-count-plan-'));
    db = SqlDatabase.open(join(directory, 'plan.db'), 1000);
    migrate(db);
  });
  afterAll(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const plan = (filter: Parameters<typeof instanceCountQuery>[0]) => {
    const query = instanceCountQuery(filter);
    return db
      .all(`EXPLAIN QUERY PLAN ${query.sql}`, query.params)
      .map((row) => String(row['detail']))
      .join('\n');
  };

  it("counts the dashboard's incidents over the partial index alone, never reading instance rows", () => {
    expect(plan({ hasIncident: true, status: 'running' })).toMatch(
      /SEARCH instances USING COVERING INDEX instances_incidents_by_status \(status=\?/,
    );
    expect(plan({ hasIncident: true, status: 'running', workflowId: 'w' })).toMatch(
      /SEARCH instances USING COVERING INDEX instances_incidents_by_status \(status=\? AND workflow_id=\?/,
    );
  });

  it('finds runs by business key, exactly or by a prefix, over its index', () => {
    expect(plan({ businessKey: 'INC0012345' })).toMatch(
      /SEARCH instances USING COVERING INDEX instances_by_business_key \(business_key=\?\)/,
    );
    expect(plan({ businessKeyPrefix: 'INC00123' })).toMatch(
      /SEARCH instances USING COVERING INDEX instances_by_business_key \(business_key>\? AND business_key<\?\)/,
    );
  });
});
