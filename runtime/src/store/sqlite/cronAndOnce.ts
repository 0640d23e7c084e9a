import type { CronStore, OnceTokenStore } from '../port';
import type { SqlDatabase } from './database';
import { int, text } from './rows';
import type { Writes } from './writeQueue';

// Both rest on a primary key: the first INSERT wins, every later one (from any process) is ignored.

export function sqliteCron(db: SqlDatabase, writes: Writes): CronStore {
  return {
    async claimCronFire({ workflowId, triggerId, scheduledAt }) {
      const inserted = await writes.run(() =>
        db.run(
          `INSERT INTO cron_fires (workflow_id, trigger_id, scheduled_at) VALUES (:workflowId, :triggerId, :scheduledAt)
         ON CONFLICT DO NOTHING`,
          { workflowId, triggerId, scheduledAt },
        ),
      );
      return inserted > 0;
    },

    async getCronCursor(workflowId, triggerId) {
      const row = db.get(
        'SELECT * FROM cron_cursors WHERE workflow_id = :workflowId AND trigger_id = :triggerId',
        { workflowId, triggerId },
      );
      return row
        ? {
            workflowId: text(row, 'workflow_id'),
            triggerId: text(row, 'trigger_id'),
            nextDueAt: int(row, 'next_due_at'),
          }
        : null;
    },

    async setCronCursor({ workflowId, triggerId, nextDueAt }) {
      await writes.run(() =>
        db.run(
          `INSERT INTO cron_cursors (workflow_id, trigger_id, next_due_at) VALUES (:workflowId, :triggerId, :nextDueAt)
         ON CONFLICT (workflow_id, trigger_id) DO UPDATE SET next_due_at = excluded.next_due_at`,
          { workflowId, triggerId, nextDueAt },
        ),
      );
    },
  };
}

export function sqliteOnceTokens(db: SqlDatabase, writes: Writes): OnceTokenStore {
  return {
    async consumeOnce({ namespace, key, expiresAt }) {
      const inserted = await writes.run(() =>
        db.run(
          `INSERT INTO once_tokens (namespace, key, expires_at) VALUES (:namespace, :key, :expiresAt)
         ON CONFLICT DO NOTHING`,
          { namespace, key, expiresAt },
        ),
      );
      return inserted > 0;
    },

    async purgeExpiredOnce(now, limit) {
      if (limit === undefined)
        return writes.run(() => db.run('DELETE FROM once_tokens WHERE expires_at < :now', { now }));
      return writes.run(() =>
        db.run(
          `DELETE FROM once_tokens WHERE (namespace, key) IN (
             SELECT namespace, key FROM once_tokens WHERE expires_at < :now ORDER BY expires_at LIMIT :limit)`,
          { now, limit },
        ),
      );
    },
  };
}
