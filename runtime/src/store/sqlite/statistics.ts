import type { StatisticsStore } from '../port';
import type {
  InstanceCounts,
  NodeStatistics,
  Percentiles,
  TaskCounts,
  WorkflowStatistics,
  WorkflowStatisticsDetail,
} from '../schemas/statistics';
import type { Row, SqlDatabase, SqlParams } from './database';
import { int, text } from './rows';

// Every query reads one of migration 12's covering indexes: instances and tasks are grouped and
// counted inside SQLite, and percentiles are picked by rank with window functions, so no row
// reaches JavaScript that is not a result. Nearest-rank percentile: the value at rank ceil(p·n).
const P50_RANK = '(n + 1) / 2';
const P90_RANK = '(9 * n + 9) / 10';

/** The range and, for one workflow, its id and version (NULL: every version). */
interface Scope {
  from: number;
  to: number;
  now: number;
  workflowId?: string | undefined;
  version?: number | undefined;
}

const params = (scope: Scope): SqlParams => ({
  from: scope.from,
  to: scope.to,
  now: scope.now,
  workflowId: scope.workflowId ?? null,
  version: scope.version ?? null,
});

/** Instance counts and cycle-time percentiles grouped by `key` (workflow_id, and version or not). */
function instanceSql(key: string, oneWorkflow: boolean): string {
  const where = oneWorkflow
    ? `INDEXED BY instances_for_statistics
       WHERE workflow_id = :workflowId AND created_at >= :from AND created_at < :to
         AND (:version IS NULL OR version = :version)`
    : `INDEXED BY instances_for_statistics_by_time WHERE created_at >= :from AND created_at < :to`;
  return `
    WITH scoped AS (
      SELECT workflow_id, version, end_status, ended_at - created_at AS ms FROM instances ${where}
    ),
    ranked AS (
      SELECT ${key}, ms, row_number() OVER (PARTITION BY ${key} ORDER BY ms) AS rank,
             count(*) OVER (PARTITION BY ${key}) AS n
      FROM scoped WHERE end_status IN ('completed', 'rejected')
    ),
    picked AS (
      SELECT ${key}, max(CASE WHEN rank = ${P50_RANK} THEN ms END) AS p50,
             max(CASE WHEN rank = ${P90_RANK} THEN ms END) AS p90
      FROM ranked GROUP BY ${key}
    ),
    counted AS (
      SELECT ${key}, count(*) AS started, count(*) - count(end_status) AS running,
             total(end_status = 'completed') AS completed, total(end_status = 'rejected') AS rejected,
             total(end_status = 'failed') AS failed, total(end_status = 'cancelled') AS cancelled
      FROM scoped GROUP BY ${key}
    )
    SELECT counted.*, picked.p50, picked.p90 FROM counted LEFT JOIN picked USING (${key})`;
}

/** Task counts grouped by `key`; open ones are counted as they are now, whenever created. */
function taskSql(key: string, oneWorkflow: boolean): string {
  const created = oneWorkflow
    ? `INDEXED BY tasks_for_statistics
       WHERE workflow_id = :workflowId AND created_at >= :from AND created_at < :to
         AND (:version IS NULL OR version = :version)`
    : `INDEXED BY tasks_for_statistics_by_time
       WHERE created_at >= :from AND created_at < :to AND workflow_id IS NOT NULL`;
  const open = oneWorkflow
    ? `WHERE status = 'open' AND workflow_id = :workflowId AND (:version IS NULL OR version = :version)`
    : `WHERE status = 'open' AND workflow_id IS NOT NULL`;
  return `
    WITH created AS (
      SELECT ${key}, count(*) AS created, total(status = 'decided') AS decided,
             total(status = 'decided' AND closed_at > due_at) AS decided_late,
             total(status = 'cancelled' AND closed_at >= due_at) AS timed_out
      FROM tasks ${created} GROUP BY ${key}
    ),
    open AS (
      SELECT ${key}, count(*) AS open, total(due_at < :now) AS overdue
      FROM tasks INDEXED BY tasks_open_for_statistics ${open} GROUP BY ${key}
    )
    SELECT ${key}, created.created, created.decided, created.decided_late, created.timed_out,
           open.open, open.overdue
    FROM created FULL JOIN open USING (${key})`;
}

/** Turnaround (created to decided) percentiles of one workflow's tasks, per node. */
const TURNAROUND_SQL = `
  WITH ranked AS (
    SELECT node_id, closed_at - created_at AS ms,
           row_number() OVER (PARTITION BY node_id ORDER BY closed_at - created_at) AS rank,
           count(*) OVER (PARTITION BY node_id) AS n
    FROM tasks INDEXED BY tasks_for_statistics
    WHERE workflow_id = :workflowId AND created_at >= :from AND created_at < :to
      AND (:version IS NULL OR version = :version) AND status = 'decided' AND closed_at IS NOT NULL
  )
  SELECT node_id, max(CASE WHEN rank = ${P50_RANK} THEN ms END) AS p50,
         max(CASE WHEN rank = ${P90_RANK} THEN ms END) AS p90
  FROM ranked GROUP BY node_id`;

const count = (row: Row | undefined, column: string): number =>
  typeof row?.[column] === 'number' ? row[column] : 0;
const msOrNull = (row: Row | undefined, column: string): number | null =>
  typeof row?.[column] === 'number' ? row[column] : null;

const NO_INSTANCES: InstanceCounts = {
  started: 0,
  running: 0,
  completed: 0,
  rejected: 0,
  failed: 0,
  cancelled: 0,
};
const NO_PERCENTILES: Percentiles = { p50: null, p90: null };

const toInstanceCounts = (row: Row | undefined): InstanceCounts => ({
  started: count(row, 'started'),
  running: count(row, 'running'),
  completed: count(row, 'completed'),
  rejected: count(row, 'rejected'),
  failed: count(row, 'failed'),
  cancelled: count(row, 'cancelled'),
});

const toTaskCounts = (row: Row | undefined): TaskCounts => {
  const decidedLate = count(row, 'decided_late');
  const timedOut = count(row, 'timed_out');
  return {
    created: count(row, 'created'),
    decided: count(row, 'decided'),
    open: count(row, 'open'),
    overdue: count(row, 'overdue'),
    decidedLate,
    timedOut,
    breaches: decidedLate + timedOut,
  };
};

const percentiles = (row: Row | undefined): Percentiles =>
  row ? { p50: msOrNull(row, 'p50'), p90: msOrNull(row, 'p90') } : NO_PERCENTILES;

/** Rows of the instance and task queries joined on their key, in key order. */
function combine(
  instanceRows: Row[],
  taskRows: Row[],
  keyOf: (row: Row) => string,
): { key: string; instances?: Row; tasks?: Row }[] {
  const byKey = new Map<string, { key: string; instances?: Row; tasks?: Row }>();
  for (const row of instanceRows) byKey.set(keyOf(row), { key: keyOf(row), instances: row });
  for (const row of taskRows) {
    const key = keyOf(row);
    byKey.set(key, { ...(byKey.get(key) ?? { key }), tasks: row });
  }
  return [...byKey.values()];
}

const statisticsOf = (workflowId: string, version: number | undefined, instances?: Row, tasks?: Row) => ({
  workflowId,
  ...(version !== undefined ? { version } : {}),
  instances: instances ? toInstanceCounts(instances) : NO_INSTANCES,
  cycleTimeMs: percentiles(instances),
  tasks: toTaskCounts(tasks),
});

/** The node whose tasks take longest: highest turnaround p50, then p90, then id. */
export function slowestNode(nodes: readonly NodeStatistics[]): string | null {
  let slowest: NodeStatistics | undefined;
  for (const node of nodes) {
    const { p50, p90 } = node.turnaroundMs;
    if (p50 === null) continue;
    const best = slowest?.turnaroundMs;
    if (!best || p50 > best.p50! || (p50 === best.p50 && (p90 ?? 0) > (best.p90 ?? 0))) slowest = node;
  }
  return slowest?.nodeId ?? null;
}

export function sqliteStatistics(db: SqlDatabase): StatisticsStore {
  return {
    async statisticsByWorkflow(range) {
      const values = params(range);
      // One read snapshot: the instance and task figures describe the same moment.
      const [instanceRows, taskRows] = db.snapshot(() => [
        db.all(instanceSql('workflow_id', false), values),
        db.all(taskSql('workflow_id', false), values),
      ]);
      return combine(instanceRows, taskRows, (row) => text(row, 'workflow_id'))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ key, instances, tasks }) => statisticsOf(key, undefined, instances, tasks));
    },

    async workflowStatistics(query) {
      const values = params(query);
      const { workflowId } = query;
      return db.snapshot((): WorkflowStatisticsDetail => {
        const total = db.get(instanceSql('workflow_id', true), values);
        const totalTasks = db.get(taskSql('workflow_id', true), values);
        const versions = combine(
          db.all(instanceSql('workflow_id, version', true), values),
          db.all(taskSql('workflow_id, version', true), values),
          (row) => String(int(row, 'version')),
        )
          .sort((a, b) => Number(a.key) - Number(b.key))
          .map(({ key, instances, tasks }): WorkflowStatistics =>
            statisticsOf(workflowId, Number(key), instances, tasks),
          );
        const turnaround = new Map(db.all(TURNAROUND_SQL, values).map((row) => [text(row, 'node_id'), row]));
        const nodes = combine([], db.all(taskSql('node_id', true), values), (row) => text(row, 'node_id'))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .map(({ key, tasks }): NodeStatistics => ({
            nodeId: key,
            tasks: toTaskCounts(tasks),
            turnaroundMs: percentiles(turnaround.get(key)),
          }));
        return {
          total: statisticsOf(workflowId, query.version, total, totalTasks),
          versions,
          nodes,
          slowestNodeId: slowestNode(nodes),
        };
      });
    },
  };
}
