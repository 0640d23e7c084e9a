import type { ActivationStore } from '../port';
import type { WorkflowActivation } from '../schemas/activation';
import type { Row, SqlDatabase } from './database';
import { bool, int, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

const toActivation = (row: Row): WorkflowActivation => ({
  workflowId: text(row, 'workflow_id'),
  active: bool(row, 'active'),
  changedAt: int(row, 'changed_at'),
  changedBy: text(row, 'changed_by'),
});

const SELECT = 'SELECT workflow_id, active, changed_at, changed_by FROM workflow_activations';

export function sqliteActivation(db: SqlDatabase, writes: Writes): ActivationStore {
  const read = (workflowId: string) => {
    const row = db.get(`${SELECT} WHERE workflow_id = :workflowId`, { workflowId });
    return row ? toActivation(row) : null;
  };
  return {
    setWorkflowActive(change) {
      // Read and written in one write: of two replicas deactivating at once, the first is named.
      return writes.run(() => {
        const current = read(change.workflowId);
        if ((current?.active ?? true) === change.active) return current;
        db.run(
          `INSERT INTO workflow_activations (workflow_id, active, changed_at, changed_by)
           VALUES (:workflowId, :active, :changedAt, :changedBy)
           ON CONFLICT (workflow_id) DO UPDATE SET
             active = excluded.active, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
          { ...change, active: change.active ? 1 : 0 },
        );
        return change;
      });
    },

    async getWorkflowActivation(workflowId) {
      return read(workflowId);
    },

    async listWorkflowActivations(workflowIds) {
      if (workflowIds.length === 0) return [];
      return db
        .all(`${SELECT} WHERE workflow_id IN (SELECT value FROM json_each(:ids)) ORDER BY workflow_id`, {
          ids: toJsonText([...new Set(workflowIds)]),
        })
        .map(toActivation);
    },
  };
}
