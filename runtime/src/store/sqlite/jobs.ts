import { randomUUID } from 'node:crypto';
import type { JobStore } from '../port';
import type { Json } from '../schemas/common';
import type { ClaimedJob, Job, JobResult, JobStatus, NewJob } from '../schemas/job';
import type { Lease } from '../schemas/lease';
import type { Row, SqlDatabase } from './database';
import { int, json, optional, orNull, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

const toJob = (row: Row): Job => ({
  id: text(row, 'id'),
  instanceId: text(row, 'instance_id'),
  nodeId: text(row, 'node_id'),
  action: text(row, 'action'),
  ...optional('connection', row, 'connection', text),
  input: json<Json>(row, 'input'),
  attempt: int(row, 'attempt'),
  idempotencyKey: text(row, 'idempotency_key'),
  runAt: int(row, 'run_at'),
  timeoutMs: int(row, 'timeout_ms'),
  ...optional('maxAttempts', row, 'max_attempts', int),
  status: text(row, 'status') as JobStatus,
  ...optional('leaseOwner', row, 'lease_owner', text),
  ...optional('leaseExpiresAt', row, 'lease_expires_at', int),
  ...optional('result', row, 'result', json<JobResult>),
});

// Row operations, run inside an open write transaction: the methods below and step effects
// (effects.ts) share them.

/** Idempotent by id; with a lease the job is stored already claimed by its owner. */
export function insertJob(db: SqlDatabase, job: NewJob, lease?: Lease): boolean {
  return (
    db.run(
      `INSERT INTO jobs (id, instance_id, node_id, action, connection, input, attempt, idempotency_key,
         run_at, timeout_ms, max_attempts, status, lease_owner, lease_token, lease_expires_at)
       VALUES (:id, :instanceId, :nodeId, :action, :connection, :input, :attempt, :idempotencyKey,
         :runAt, :timeoutMs, :maxAttempts, :status, :leaseOwner, :leaseToken, :leaseExpiresAt)
       ON CONFLICT (id) DO NOTHING`,
      {
        id: job.id,
        instanceId: job.instanceId,
        nodeId: job.nodeId,
        action: job.action,
        connection: orNull(job.connection),
        input: toJsonText(job.input),
        attempt: job.attempt,
        idempotencyKey: job.idempotencyKey,
        runAt: job.runAt,
        timeoutMs: job.timeoutMs,
        maxAttempts: orNull(job.maxAttempts),
        status: lease ? 'running' : 'queued',
        leaseOwner: lease?.leaseOwner ?? null,
        leaseToken: lease?.leaseToken ?? null,
        leaseExpiresAt: lease?.leaseExpiresAt ?? null,
      },
    ) > 0
  );
}

/** Only under the current lease. */
export function finishJob(db: SqlDatabase, id: string, leaseToken: string, result: JobResult): boolean {
  return (
    db.run(
      `UPDATE jobs SET status = :status, result = :result, lease_owner = NULL, lease_token = NULL,
         lease_expires_at = NULL
       WHERE id = :id AND status = 'running' AND lease_token = :leaseToken`,
      { id, leaseToken, status: result.status, result: toJsonText(result) },
    ) > 0
  );
}

export function cancelJobRow(db: SqlDatabase, id: string): boolean {
  return (
    db.run(
      `UPDATE jobs SET status = 'cancelled', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
       WHERE id = :id AND status IN ('queued', 'running')`,
      { id },
    ) > 0
  );
}

export function sqliteJobs(db: SqlDatabase, writes: Writes): JobStore {
  return {
    async enqueueJob(job) {
      return writes.run(() => insertJob(db, job));
    },

    async getJob(id) {
      const row = db.get('SELECT * FROM jobs WHERE id = :id', { id });
      return row ? toJob(row) : null;
    },

    async claimJobs({ owner, now, leaseMs, limit }) {
      return writes.run(() => {
        // Two arms so each uses its own index: due queued jobs, and running jobs whose worker vanished.
        const due = db.all(
          `SELECT * FROM (
             SELECT * FROM jobs WHERE status = 'queued' AND run_at <= :now
             UNION ALL
             SELECT * FROM jobs WHERE status = 'running' AND lease_expires_at <= :now
           ) ORDER BY run_at, id LIMIT :limit`,
          { now, limit },
        );
        const leaseExpiresAt = now + leaseMs;
        return due.map((row): ClaimedJob => {
          const leaseToken = randomUUID();
          db.run(
            `UPDATE jobs SET status = 'running', lease_owner = :owner, lease_token = :leaseToken,
               lease_expires_at = :leaseExpiresAt WHERE id = :id`,
            { id: text(row, 'id'), owner, leaseToken, leaseExpiresAt },
          );
          return { ...toJob(row), status: 'running', leaseOwner: owner, leaseToken, leaseExpiresAt };
        });
      });
    },

    async completeJob(id, leaseToken, result) {
      return writes.run(() => finishJob(db, id, leaseToken, result));
    },

    async extendLease(id, leaseToken, { now, leaseMs }) {
      const changed = await writes.run(() =>
        db.run(
          `UPDATE jobs SET lease_expires_at = :leaseExpiresAt
         WHERE id = :id AND status = 'running' AND lease_token = :leaseToken`,
          { id, leaseToken, leaseExpiresAt: now + leaseMs },
        ),
      );
      return changed > 0;
    },

    async retryJob(id, leaseToken, { runAt }) {
      const changed = await writes.run(() =>
        db.run(
          `UPDATE jobs SET status = 'queued', attempt = attempt + 1, run_at = :runAt, lease_owner = NULL,
             lease_token = NULL, lease_expires_at = NULL
           WHERE id = :id AND status = 'running' AND lease_token = :leaseToken`,
          { id, leaseToken, runAt },
        ),
      );
      return changed > 0;
    },

    async releaseJobs(owner) {
      return writes.run(() =>
        db.run(
          `UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
         WHERE lease_owner = :owner AND status = 'running'`,
          { owner },
        ),
      );
    },

    async cancelJob(id) {
      return writes.run(() => cancelJobRow(db, id));
    },

    async countJobs(status) {
      return int(
        db.get('SELECT count(*) AS n FROM jobs WHERE status = :status', { status }) ?? { n: 0 },
        'n',
      );
    },
  };
}
