import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isStoreError } from '../errors';
import type { Store } from '../port';
import type { Instance } from '../schemas/instance';
import type { NewJob } from '../schemas/job';
import type { NewTask } from '../schemas/task';
import { SqlDatabase } from './database';
import { createSqliteStore } from './sqliteStore';
import { groupCommitWrites } from './writeQueue';

const NOW = 1_750_000_000_000;

const instance = (id: string): Instance => ({
  id,
  workflowId: 'wf',
  version: 1,
  status: 'running',
  rev: 1,
  snapshot: {},
  input: {},
  currentNodes: [],
  correlationKeys: [],
  createdAt: NOW,
  updatedAt: NOW,
  outbox: [],
});

const job = (id: string): NewJob => ({
  id,
  instanceId: 'inst',
  nodeId: 'call',
  action: 'http.request',
  input: {},
  attempt: 1,
  idempotencyKey: id,
  runAt: NOW,
  timeoutMs: 1000,
});

const task = (id: string): NewTask => ({
  id,
  instanceId: 'inst',
  nodeId: 'approve',
  slot: '0',
  assignee: { type: 'group', id: 'cab' },
  title: 'Approve',
  form: {},
  outcomes: ['approved', 'rejected'],
  allowDelegation: false,
  createdAt: NOW,
});

/** Counts the transactions the store's connections commit, from here on. */
function countCommits(): { commits: () => number } {
  const exec = vi.spyOn(SqlDatabase.prototype, 'exec');
  return { commits: () => exec.mock.calls.filter(([sql]) => sql === 'COMMIT').length };
}

describe('sqlite group commit', () => {
  let directory: string;
  let path: string;
  let store: Store;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-group-commit-'));
    path = join(directory, 'flowline.db');
    store = await createSqliteStore({ path });
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('commits the writes of one turn of the event loop in one transaction', async () => {
    const { commits } = countCommits();
    const results = await Promise.all([
      store.createInstance(instance('i-1'), { history: [] }),
      store.enqueueJob(job('j-1')),
      store.enqueueJob(job('j-2')),
      store.createTask(task('t-1')),
      store.claimCronFire({ workflowId: 'wf', triggerId: 'tick', scheduledAt: NOW }),
      store.consumeOnce({ namespace: 'n', key: 'k', expiresAt: NOW }),
      store.scheduleTimer({ id: 'tm-1', instanceId: 'inst', timerId: 'wait', fireAt: NOW }),
    ]);
    expect(results).toEqual([undefined, true, true, true, true, true, true]);
    expect(commits()).toBe(1);
  });

  it('answers a write only after the COMMIT returned', async () => {
    const log: string[] = [];
    const exec = SqlDatabase.prototype.exec;
    vi.spyOn(SqlDatabase.prototype, 'exec').mockImplementation(function (this: SqlDatabase, sql: string) {
      exec.call(this, sql);
      if (sql === 'COMMIT') log.push('commit');
    });
    await Promise.all([
      store.enqueueJob(job('j-1')).then(() => log.push('enqueued')),
      store.createTask(task('t-1')).then(() => log.push('created')),
    ]);
    expect(log).toEqual(['commit', 'enqueued', 'created']);
  });

  it('rejects a failing write alone; the rest of its batch commits', async () => {
    await store.createInstance(instance('taken'), { history: [] });
    const [before, duplicate, after] = await Promise.allSettled([
      store.enqueueJob(job('j-1')),
      store.createInstance(
        { ...instance('taken'), correlationKeys: ['k'], outbox: [{ id: 'c', type: 'x' }] },
        { history: [{ at: NOW, type: 'started', data: {} }] },
      ),
      store.createInstance(instance('fresh'), { history: [{ at: NOW, type: 'started', data: {} }] }),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: true });
    expect(duplicate.status).toBe('rejected');
    expect(isStoreError((duplicate as PromiseRejectedResult).reason, 'CONFLICT')).toBe(true);
    expect(after.status).toBe('fulfilled');
    expect(await store.getJob('j-1')).not.toBeNull();
    expect(await store.getInstance('fresh')).not.toBeNull();
    // The loser's partial writes are rolled back to its savepoint.
    expect((await store.getInstance('taken'))?.outbox).toEqual([]);
    expect(await store.findInstancesByCorrelation('k')).toEqual([]);
    expect(await store.readHistory('taken')).toEqual([]);
  });

  it('computes results in call order inside the batch', async () => {
    await store.createTask(task('t-1'));
    for (let n = 0; n < 5; n += 1) await store.enqueueJob(job(`j-${n}`));
    const { commits } = countCommits();
    const [first, second, claimA, claimB, claimC] = await Promise.all([
      store.decideTask('t-1', { outcome: 'approved', by: 'ada', at: NOW }),
      store.decideTask('t-1', { outcome: 'rejected', by: 'bob', at: NOW }),
      store.claimJobs({ owner: 'a', now: NOW, leaseMs: 60_000, limit: 2 }),
      store.claimJobs({ owner: 'b', now: NOW, leaseMs: 60_000, limit: 2 }),
      store.claimJobs({ owner: 'c', now: NOW, leaseMs: 60_000, limit: 2 }),
    ]);
    expect(commits()).toBe(1);
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, reason: 'already_decided' });
    expect(claimA.map((j) => j.id)).toEqual(['j-0', 'j-1']);
    expect(claimB.map((j) => j.id)).toEqual(['j-2', 'j-3']);
    expect(claimC.map((j) => j.id)).toEqual(['j-4']);
    const [completed, stolen] = await Promise.all([
      store.completeJob('j-0', claimA[0]!.leaseToken, { status: 'succeeded', output: 1, finishedAt: NOW }),
      store.completeJob('j-0', claimA[0]!.leaseToken, { status: 'succeeded', output: 2, finishedAt: NOW }),
    ]);
    expect([completed, stolen]).toEqual([true, false]);
  });

  it('rejects the whole batch when the COMMIT fails, and keeps none of it', async () => {
    const exec = SqlDatabase.prototype.exec;
    let failNext = true;
    vi.spyOn(SqlDatabase.prototype, 'exec').mockImplementation(function (this: SqlDatabase, sql: string) {
      if (sql === 'COMMIT' && failNext) {
        failNext = false;
        throw new Error('disk I/O error');
      }
      exec.call(this, sql);
    });
    const outcomes = await Promise.allSettled([store.enqueueJob(job('j-1')), store.createTask(task('t-1'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await store.getJob('j-1')).toBeNull();
    expect(await store.getTask('t-1')).toBeNull();
    // The store keeps working afterwards.
    expect(await store.enqueueJob(job('j-1'))).toBe(true);
  });

  it('caps a batch and keeps flushing while writes are queued', async () => {
    await store.close();
    store = await createSqliteStore({ path, maxBatch: 3 });
    const { commits } = countCommits();
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => store.enqueueJob(job(`j-${n}`))));
    expect(results.every(Boolean)).toBe(true);
    expect(commits()).toBe(4);
    expect(await store.countJobs('queued')).toBe(10);
  });

  it('commits writes already called when the store closes', async () => {
    const pending = store.enqueueJob(job('j-1'));
    await store.close();
    await expect(pending).resolves.toBe(true);
    await expect(store.enqueueJob(job('j-2'))).rejects.toThrow(/closed/);
    store = await createSqliteStore({ path });
    expect(await store.getJob('j-1')).not.toBeNull();
  });

  it('runs one transaction per write with groupCommit: false', async () => {
    await store.close();
    store = await createSqliteStore({ path, groupCommit: false });
    const { commits } = countCommits();
    await Promise.all([
      store.enqueueJob(job('j-1')),
      store.enqueueJob(job('j-2')),
      store.createTask(task('t')),
    ]);
    expect(commits()).toBe(3);
  });
});

describe('groupCommitWrites', () => {
  let directory: string;
  let db: SqlDatabase;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-write-queue-'));
    db = SqlDatabase.open(join(directory, 'q.db'), 1000);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
  });

  afterEach(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const values = (): number[] => db.all('SELECT v FROM t ORDER BY v').map((row) => Number(row['v']));

  it('when SQLite drops the transaction, fails what ran and retries what did not', async () => {
    const writes = groupCommitWrites(db);
    const insert = (v: number) => () => db.run('INSERT INTO t (v) VALUES (:v)', { v });
    const outcomes = Promise.allSettled([
      writes.run(insert(1)),
      writes.run(() => {
        db.exec('ROLLBACK'); // what SQLite does itself on SQLITE_FULL or an I/O error
        throw new Error('database or disk is full');
      }),
      writes.run(insert(3)),
    ]);
    const settled = await outcomes;
    expect(settled.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(values()).toEqual([3]);
    writes.close();
  });

  it('rolls a lone throwing operation back with its transaction', async () => {
    const writes = groupCommitWrites(db);
    await writes.run(() => db.run('INSERT INTO t (v) VALUES (1)'));
    await expect(
      writes.run(() => {
        db.run('INSERT INTO t (v) VALUES (2)');
        db.run('INSERT INTO t (v) VALUES (1)'); // primary key conflict
      }),
    ).rejects.toThrow();
    expect(values()).toEqual([1]);
    expect(db.inTransaction).toBe(false);
    writes.close();
  });

  it('runs a batch with no failure under one savepoint, not one per operation', async () => {
    const writes = groupCommitWrites(db);
    const exec = vi.spyOn(db, 'exec');
    await Promise.all([1, 2, 3].map((v) => writes.run(() => db.run('INSERT INTO t (v) VALUES (:v)', { v }))));
    expect(exec.mock.calls.map(([sql]) => sql)).toEqual([
      'BEGIN IMMEDIATE',
      'SAVEPOINT flowline_batch',
      'RELEASE flowline_batch',
      'COMMIT',
    ]);
    expect(values()).toEqual([1, 2, 3]);
    writes.close();
  });

  it('after a failure, runs the batch again one savepoint per operation: each result as if alone', async () => {
    const writes = groupCommitWrites(db);
    let firstRuns = 0;
    const results = await Promise.allSettled([
      writes.run(() => {
        firstRuns += 1;
        db.run('INSERT INTO t (v) VALUES (1)');
        return db.get('SELECT count(*) AS n FROM t')!['n'];
      }),
      writes.run(() => db.run('INSERT INTO t (v) VALUES (1)')), // primary key conflict
      writes.run(() => db.get('SELECT count(*) AS n FROM t')!['n']),
    ]);
    expect(results).toMatchObject([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected' },
      { status: 'fulfilled', value: 1 },
    ]);
    // The first ran twice (before the failure, then again after the rollback), committed once.
    expect(firstRuns).toBe(2);
    expect(values()).toEqual([1]);
    writes.close();
  });

  it('rolls a throwing operation back to its savepoint', async () => {
    const writes = groupCommitWrites(db);
    const results = await Promise.allSettled([
      writes.run(() => db.run('INSERT INTO t (v) VALUES (1)')),
      writes.run(() => {
        db.run('INSERT INTO t (v) VALUES (2)');
        db.run('INSERT INTO t (v) VALUES (1)'); // primary key conflict
      }),
      writes.run(() => db.run('INSERT INTO t (v) VALUES (3)')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(values()).toEqual([1, 3]);
    writes.close();
  });
});
