import type { RetentionStore } from '../port';
import type { PrunableQuery, RetentionMode, WorkflowRetention } from '../schemas/retention';
import type { Row, SqlDatabase, SqlValue } from './database';
import { int, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

/**
 * Instance `i` may be pruned: ended before :endedBefore and holding nothing open (see RetentionStore).
 * Each NOT EXISTS seeks an index on instance_id (the outbox's unique key, instances_by_root), named
 * where a status index could tempt the planner: walking every open task or queued job per
 * candidate would cost O(open work) each.
 */
const PRUNABLE = `i.ended_at IS NOT NULL AND i.ended_at < :endedBefore AND i.status <> 'running'
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.instance_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM jobs j INDEXED BY jobs_by_instance
                  WHERE j.instance_id = i.id AND j.status IN ('queued', 'running'))
  AND NOT EXISTS (SELECT 1 FROM timers t INDEXED BY timers_by_instance
                  WHERE t.instance_id = i.id AND t.status = 'scheduled')
  AND NOT EXISTS (SELECT 1 FROM tasks k INDEXED BY tasks_by_instance WHERE k.instance_id = i.id AND k.status = 'open')
  AND NOT EXISTS (SELECT 1 FROM instances c WHERE c.root_id = i.id AND c.status = 'running')`;

/** Everything else that names the instance; the change feed is left to its own pruning. */
const OWNED_ROWS = [
  'DELETE FROM history WHERE instance_id = :id',
  'DELETE FROM tasks WHERE instance_id = :id',
  'DELETE FROM jobs WHERE instance_id = :id',
  'DELETE FROM timers WHERE instance_id = :id',
  'DELETE FROM instance_correlation_keys WHERE instance_id = :id',
  'DELETE FROM outbox WHERE instance_id = :id',
];

const toPolicy = (row: Row): WorkflowRetention => ({
  workflowId: text(row, 'workflow_id'),
  endedInstancesDays: row['ended_instances_days'] === null ? null : int(row, 'ended_instances_days'),
  ...(row['mode'] === null ? {} : { mode: text(row, 'mode') as RetentionMode }),
  updatedAt: int(row, 'updated_at'),
  updatedBy: text(row, 'updated_by'),
});

/** The candidates' query, oldest end first (exported for its query-plan test). */
export function prunableListQuery({ endedBefore, workflowId, exceptWorkflowIds, limit }: PrunableQuery): {
  sql: string;
  params: Record<string, SqlValue>;
} {
  const where = [PRUNABLE];
  const params: Record<string, SqlValue> = { endedBefore, limit };
  if (workflowId !== undefined) {
    where.push('i.workflow_id = :workflowId');
    params['workflowId'] = workflowId;
  }
  if (exceptWorkflowIds !== undefined && exceptWorkflowIds.length > 0) {
    where.push('i.workflow_id NOT IN (SELECT value FROM json_each(:except))');
    params['except'] = toJsonText(exceptWorkflowIds);
  }
  return {
    sql: `SELECT i.id FROM instances i WHERE ${where.join(' AND ')} ORDER BY i.ended_at, i.id LIMIT :limit`,
    params,
  };
}

/** Deletes the instance when it is prunable; 1 when it did (exported for its query-plan test). */
export const PRUNE_INSTANCE = `DELETE FROM instances AS i WHERE i.id = :id AND ${PRUNABLE}`;

export function sqliteRetention(db: SqlDatabase, writes: Writes): RetentionStore {
  return {
    async listPrunableInstances(query) {
      const { sql, params } = prunableListQuery(query);
      return db.all(sql, params).map((row) => text(row, 'id'));
    },

    async pruneInstances(ids, endedBefore) {
      if (ids.length === 0) return [];
      // One transaction for the batch; each instance is deleted only if it is prunable right now.
      return writes.run(() => {
        const deleted: string[] = [];
        for (const id of new Set(ids)) {
          const removed = db.run(PRUNE_INSTANCE, { id, endedBefore });
          if (removed === 0) continue;
          for (const sql of OWNED_ROWS) db.run(sql, { id });
          deleted.push(id);
        }
        return deleted;
      });
    },

    async getRetentionPolicy(workflowId) {
      const row = db.get('SELECT * FROM retention_policies WHERE workflow_id = :workflowId', { workflowId });
      return row ? toPolicy(row) : null;
    },

    async listRetentionPolicies() {
      return db.all('SELECT * FROM retention_policies ORDER BY workflow_id').map(toPolicy);
    },

    async setRetentionPolicy(policy) {
      await writes.run(() =>
        db.run(
          `INSERT INTO retention_policies (workflow_id, ended_instances_days, mode, updated_at, updated_by)
           VALUES (:workflowId, :days, :mode, :updatedAt, :updatedBy)
           ON CONFLICT (workflow_id) DO UPDATE SET ended_instances_days = excluded.ended_instances_days,
             mode = excluded.mode, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          {
            workflowId: policy.workflowId,
            days: policy.endedInstancesDays,
            mode: policy.mode ?? null,
            updatedAt: policy.updatedAt,
            updatedBy: policy.updatedBy,
          },
        ),
      );
    },

    async deleteRetentionPolicy(workflowId) {
      const removed = await writes.run(() =>
        db.run('DELETE FROM retention_policies WHERE workflow_id = :workflowId', { workflowId }),
      );
      return removed > 0;
    },
  };
}
