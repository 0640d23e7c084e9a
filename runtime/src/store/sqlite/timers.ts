import { randomUUID } from 'node:crypto';
import type { TimerStore } from '../port';
import type { ClaimedTimer, NewTimer, Timer, TimerStatus } from '../schemas/timer';
import type { Row, SqlDatabase } from './database';
import { int, optional, text } from './rows';
import type { Writes } from './writeQueue';

const toTimer = (row: Row): Timer => ({
  id: text(row, 'id'),
  instanceId: text(row, 'instance_id'),
  timerId: text(row, 'timer_id'),
  fireAt: int(row, 'fire_at'),
  status: text(row, 'status') as TimerStatus,
  ...optional('leaseOwner', row, 'lease_owner', text),
  ...optional('leaseExpiresAt', row, 'lease_expires_at', int),
});

// Row operations inside an open write transaction, shared with step effects (effects.ts).

/** Idempotent by id. */
export function insertTimer(db: SqlDatabase, timer: NewTimer): boolean {
  return (
    db.run(
      `INSERT INTO timers (id, instance_id, timer_id, fire_at, status)
       VALUES (:id, :instanceId, :timerId, :fireAt, 'scheduled') ON CONFLICT (id) DO NOTHING`,
      { id: timer.id, instanceId: timer.instanceId, timerId: timer.timerId, fireAt: timer.fireAt },
    ) > 0
  );
}

export function cancelTimerRow(db: SqlDatabase, id: string): boolean {
  return (
    db.run(
      `UPDATE timers SET status = 'cancelled', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
       WHERE id = :id AND status = 'scheduled'`,
      { id },
    ) > 0
  );
}

/** Only under the current lease. */
export function markTimerFiredRow(db: SqlDatabase, id: string, leaseToken: string): boolean {
  return (
    db.run(
      `UPDATE timers SET status = 'fired', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
       WHERE id = :id AND status = 'scheduled' AND lease_token = :leaseToken`,
      { id, leaseToken },
    ) > 0
  );
}

export function sqliteTimers(db: SqlDatabase, writes: Writes): TimerStore {
  return {
    async scheduleTimer(timer) {
      return writes.run(() => insertTimer(db, timer));
    },

    async getTimer(id) {
      const row = db.get('SELECT * FROM timers WHERE id = :id', { id });
      return row ? toTimer(row) : null;
    },

    async cancelTimer(id) {
      return writes.run(() => cancelTimerRow(db, id));
    },

    async claimDueTimers({ owner, now, leaseMs, limit, dueBy }) {
      return writes.run(() => {
        // A claimed timer stays 'scheduled' until marked fired, so an expired lease makes it due again.
        // One statement leases the whole claim; its token is new, so it fences every earlier holder.
        const leaseToken = randomUUID();
        const until = Math.max(now, dueBy ?? now);
        const leaseExpiresAt = until + leaseMs;
        const claimed = db.all(
          `UPDATE timers SET lease_owner = :owner, lease_token = :leaseToken, lease_expires_at = :leaseExpiresAt
           WHERE id IN (
             SELECT id FROM timers
             WHERE status = 'scheduled' AND fire_at <= :until AND (lease_expires_at IS NULL OR lease_expires_at <= :now)
             ORDER BY fire_at, id LIMIT :limit)
           RETURNING *`,
          { now, until, limit, owner, leaseToken, leaseExpiresAt },
        );
        // RETURNING gives no order of its own: earliest due first, as selected.
        return claimed
          .map((row): ClaimedTimer => ({ ...toTimer(row), leaseOwner: owner, leaseToken, leaseExpiresAt }))
          .sort((a, b) => a.fireAt - b.fireAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      });
    },

    async markTimerFired(id, leaseToken) {
      return writes.run(() => markTimerFiredRow(db, id, leaseToken));
    },

    async releaseTimers(owner, dueBy) {
      // By due time along the partial index of scheduled timers: only the held ones are read.
      return writes.run(() =>
        db.run(
          `UPDATE timers SET lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
           WHERE status = 'scheduled' AND fire_at <= :dueBy AND lease_owner = :owner`,
          { owner, dueBy },
        ),
      );
    },

    async countDueTimers(now) {
      const row = db.get(`SELECT count(*) AS n FROM timers WHERE status = 'scheduled' AND fire_at <= :now`, {
        now,
      });
      return int(row ?? { n: 0 }, 'n');
    },

    async nextTimerDue(after) {
      // One step along the partial index of scheduled timers by fire time.
      const row = db.get(
        `SELECT fire_at FROM timers WHERE status = 'scheduled' AND fire_at > :after ORDER BY fire_at, id LIMIT 1`,
        { after },
      );
      return row ? int(row, 'fire_at') : null;
    },
  };
}
