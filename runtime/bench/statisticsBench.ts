// The statistics calls against a large store: 10⁵ instances with 10⁶ history entries (and their
// tasks), written straight into SQLite in one transaction, then each Store statistics call timed.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { createSqliteStore } from '../src/store';

const DAY = 86_400_000;
const MIN = 60_000;
/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same store. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StatisticsBenchFigures {
  instances: number;
  history: number;
  tasks: number;
  seedSeconds: number;
  databaseMiB: number;
  /** Call → timings in ms (first call, then the median of the repeats). */
  calls: { call: string; firstMs: number; medianMs: number; rows: string }[];
}

/**
 * `instances` spread over a year and 20 workflows (the largest holds 30 %), 10 history entries
 * each, one or two human tasks each; 5 % still running with open tasks.
 */
export async function statisticsTimings(instances: number, repeats = 5): Promise<StatisticsBenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-stats-bench-'));
  const path = join(dir, 'stats.db');
  try {
    (await createSqliteStore({ path })).close();
    const seeded = seed(path, instances);
    const store = await createSqliteStore({ path });
    const now = seeded.end;
    const calls: StatisticsBenchFigures['calls'] = [];
    const time = async (call: string, run: () => Promise<unknown>, rows: (result: unknown) => string) => {
      const timings: number[] = [];
      let result: unknown;
      for (let i = 0; i <= repeats; i += 1) {
        const begin = performance.now();
        result = await run();
        timings.push(performance.now() - begin);
      }
      const [first, ...rest] = timings;
      rest.sort((a, b) => a - b);
      calls.push({ call, firstMs: first!, medianMs: rest[Math.floor(rest.length / 2)]!, rows: rows(result) });
    };
    const count = (result: unknown) => `${(result as unknown[]).length} workflows`;
    const started = (result: unknown) =>
      `${(result as { total: { instances: { started: number } } }).total.instances.started} instances`;
    await time(
      'statisticsByWorkflow, whole year',
      () => store.statisticsByWorkflow({ from: 0, to: now, now }),
      count,
    );
    await time(
      'statisticsByWorkflow, last 30 days',
      () => store.statisticsByWorkflow({ from: now - 30 * DAY, to: now, now }),
      count,
    );
    await time(
      'workflowStatistics, largest workflow, whole year',
      () => store.workflowStatistics({ workflowId: 'wf-00', from: 0, to: now, now }),
      started,
    );
    await time(
      'workflowStatistics, largest workflow, one version, whole year',
      () => store.workflowStatistics({ workflowId: 'wf-00', version: 2, from: 0, to: now, now }),
      started,
    );
    await time(
      'workflowStatistics, largest workflow, last 30 days',
      () => store.workflowStatistics({ workflowId: 'wf-00', from: now - 30 * DAY, to: now, now }),
      started,
    );
    await time(
      'workflowStatistics, a small workflow, whole year',
      () => store.workflowStatistics({ workflowId: 'wf-19', from: 0, to: now, now }),
      started,
    );
    await store.close();
    return {
      instances,
      history: seeded.history,
      tasks: seeded.tasks,
      seedSeconds: seeded.seconds,
      databaseMiB: statSync(path).size / 2 ** 20,
      calls,
    };
  } finally {
    if (process.env.KEEP_STATS_DB) console.log(path);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Bulk rows in the runtime's schema (one transaction, no fsync per row): fast, not how the runtime writes. */
function seed(path: string, count: number): { end: number; history: number; tasks: number; seconds: number } {
  const begin = performance.now();
  const db = new Database(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;');
  const next = random(17);
  const start = Date.UTC(2025, 10, 1);
  const end = start + 365 * DAY;
  // A snapshot of a realistic size: the rows statistics must not read.
  const snapshot = JSON.stringify({
    value: { approve: 'waiting' },
    context: { vars: { note: 'x'.repeat(1200) } },
  });
  const hash = 'a'.repeat(64);
  const insertInstance = db.prepare(
    `INSERT INTO instances (id, workflow_id, version, status, rev, snapshot, input, current_nodes, correlation_keys,
       started_by, created_at, updated_at, history_seq, history_hash, end_status, ended_at)
     VALUES (?, ?, ?, ?, 10, ?, '{"requester":"ada","days":3}', ?, '[]', 'ada', ?, ?, 10, ?, ?, ?)`,
  );
  const insertHistory = db.prepare(
    `INSERT INTO history (instance_id, seq, at, type, node_id, actor, data, step, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTask = db.prepare(
    `INSERT INTO tasks (id, instance_id, node_id, slot, assignee_type, assignee_id, title, form, outcomes,
       allow_delegation, due_at, status, decision, created_at, workflow_id, version, closed_at)
     VALUES (?, ?, ?, '0', 'group', 'it-desk', 'Approve the request', '{"fields":[]}', '["approved","rejected"]',
       1, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let history = 0;
  let tasks = 0;
  db.exec('BEGIN');
  for (let i = 0; i < count; i += 1) {
    const id = `inst-${String(i).padStart(7, '0')}`;
    // The largest workflow holds 30 %; the other 19 share the rest evenly.
    const w = next() < 0.3 ? 0 : 1 + Math.floor(next() * 19);
    const workflowId = `wf-${String(w).padStart(2, '0')}`;
    const version = 1 + Math.floor(next() * 3);
    const createdAt = start + Math.floor(next() * (365 * DAY - 2 * DAY));
    const roll = next();
    const status =
      createdAt > end - 3 * DAY || roll < 0.05
        ? 'running'
        : roll < 0.85
          ? 'completed'
          : roll < 0.95
            ? 'rejected'
            : roll < 0.98
              ? 'failed'
              : 'cancelled';
    const running = status === 'running';
    const nodes = next() < 0.5 ? ['manager'] : ['manager', 'fulfil'];
    let at = createdAt;
    const taskTimes: { node: string; created: number; closed: number | null }[] = [];
    for (const node of nodes) {
      const created = at + Math.floor(next() * 5 * MIN);
      const waited = Math.floor(-Math.log(1 - next()) * (node === 'fulfil' ? 10 : 4) * 60 * MIN);
      const closed = running && node === nodes.at(-1) ? null : created + waited;
      taskTimes.push({ node, created, closed });
      at = (closed ?? created) + MIN;
    }
    const endedAt = running ? null : at + MIN;
    insertInstance.run(
      id,
      workflowId,
      version,
      status,
      snapshot,
      running ? JSON.stringify([nodes.at(-1)]) : '[]',
      createdAt,
      endedAt ?? at,
      hash,
      running ? null : status,
      endedAt,
    );
    for (const [n, task] of taskTimes.entries()) {
      const open = task.closed === null;
      insertTask.run(
        `${id}:${task.node}#1#0`,
        id,
        task.node,
        task.created + DAY,
        open ? 'open' : 'decided',
        open ? null : JSON.stringify({ outcome: 'approved', by: 'gus', at: task.closed }),
        task.created,
        workflowId,
        version,
        task.closed,
      );
      tasks += n >= 0 ? 1 : 0;
    }
    // Ten audit entries per instance, spread over its life.
    const span = (endedAt ?? at) - createdAt;
    for (let seq = 1; seq <= 10; seq += 1) {
      insertHistory.run(
        id,
        seq,
        createdAt + Math.floor((span * (seq - 1)) / 9),
        seq === 1 ? 'instance.started' : 'task.decided',
        seq === 1 ? null : 'manager',
        'gus',
        '{"outcome":"approved","comment":"Looks fine to me"}',
        '{"activeNodes":["manager"],"commands":["task.create"]}',
        hash,
        hash,
      );
      history += 1;
    }
  }
  db.exec('COMMIT');
  db.exec('ANALYZE');
  db.close();
  return { end, history, tasks, seconds: (performance.now() - begin) / 1000 };
}
