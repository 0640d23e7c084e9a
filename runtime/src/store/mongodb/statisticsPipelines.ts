/**
 * The statistics queries as aggregation pipelines, pure so their stages and the indexes they walk
 * can be checked without a server (statistics.test.ts). Fields read:
 *
 *   instances (h/mongo-core's documents): workflowId, version, createdAt, endStatus, endedAt —
 *     endStatus/endedAt set when the status changes to an end and cleared when it runs again, so
 *     these indexes never change on an ordinary step.
 *   tasks (recordDocuments.ts): workflowId, version, nodeId, createdAt, status, dueAt, closedAt.
 *
 * Every count is a $match on an index followed by a $group over fields of that index (a covered
 * plan: no document is fetched). A percentile is exact nearest rank, as on SQLite: the matched
 * durations sorted, the value at rank ceil(p·n) — `$sort` + `$skip` + `$limit` is a top-k sort
 * holding rank+1 small values; both percentiles in one `$facet`. `$percentile` (7.0+) was not used:
 * it is approximate (t-digest) and would answer other values than the SQLite adapter.
 */
import type { Document, IndexDescription } from 'mongodb';

export interface StatisticsScope {
  from: number;
  to: number;
  workflowId?: string | undefined;
  version?: number | undefined;
}

const ENDS = ['completed', 'rejected', 'failed', 'cancelled'] as const;

/** 1 when `condition` holds, else 0: summed per group, a count. */
const countIf = (condition: Document) => ({ $sum: { $cond: [condition, 1, 0] } });
const isNumber = (field: string) => ({ $isNumber: field });

/** Started (or created) in [from, to), of one workflow and version when the scope names them. */
function inRange(scope: StatisticsScope): Document {
  return {
    ...(scope.workflowId !== undefined ? { workflowId: scope.workflowId } : {}),
    createdAt: { $gte: scope.from, $lt: scope.to },
    ...(scope.version !== undefined ? { version: scope.version } : {}),
  };
}

/** A group key: one field, or several as a subdocument. */
const groupKey = (fields: readonly string[]) =>
  fields.length === 1 ? `$${fields[0]}` : Object.fromEntries(fields.map((field) => [field, `$${field}`]));

/** Instances started in the range, counted by where they are now, per `by`. */
export function instanceCountsPipeline(scope: StatisticsScope, by: readonly string[]): Document[] {
  return [
    { $match: inRange(scope) },
    {
      $group: {
        _id: groupKey(by),
        started: { $sum: 1 },
        ...Object.fromEntries(ENDS.map((end) => [end, countIf({ $eq: ['$endStatus', end] })])),
      },
    },
  ];
}

/**
 * Tasks created in the range, per `by`: decided, measured (decided with a time), decided late, and
 * timed out (cancelled at or after the due time). A missing dueAt or closedAt never counts: in
 * aggregation a number compares greater than a missing field, hence the $isNumber guards.
 */
export function taskCountsPipeline(scope: StatisticsScope, by: readonly string[]): Document[] {
  const decided = { $eq: ['$status', 'decided'] };
  const timed = [isNumber('$closedAt'), isNumber('$dueAt')];
  return [
    { $match: inRange(scope) },
    {
      $group: {
        _id: groupKey(by),
        created: { $sum: 1 },
        decided: countIf(decided),
        measured: countIf({ $and: [decided, isNumber('$closedAt')] }),
        decidedLate: countIf({ $and: [decided, ...timed, { $gt: ['$closedAt', '$dueAt'] }] }),
        timedOut: countIf({
          $and: [{ $eq: ['$status', 'cancelled'] }, ...timed, { $gte: ['$closedAt', '$dueAt'] }],
        }),
      },
    },
  ];
}

/** Tasks open now (whenever created), and those past their due time at `now`, per `by`. */
export function openTaskCountsPipeline(
  scope: Omit<StatisticsScope, 'from' | 'to'>,
  now: number,
  by: readonly string[],
): Document[] {
  return [
    {
      $match: {
        status: 'open',
        ...(scope.workflowId !== undefined ? { workflowId: scope.workflowId } : {}),
        ...(scope.version !== undefined ? { version: scope.version } : {}),
      },
    },
    {
      $group: {
        _id: groupKey(by),
        open: { $sum: 1 },
        overdue: countIf({ $and: [isNumber('$dueAt'), { $lt: ['$dueAt', now] }] }),
      },
    },
  ];
}

/** Zero-based nearest ranks of p50 and p90 among n sorted values: ceil(p·n) − 1. */
export const nearestRanks = (n: number): { p50: number; p90: number } => ({
  p50: Math.max(0, Math.floor((n + 1) / 2) - 1),
  p90: Math.max(0, Math.floor((9 * n + 9) / 10) - 1),
});

/** The durations `end − start` of the matched documents, and the two at their ranks. */
function percentilesPipeline(match: Document, end: string, start: string, n: number): Document[] {
  const ranks = nearestRanks(n);
  const at = (rank: number) => [{ $sort: { d: 1 } }, { $skip: rank }, { $limit: 1 }];
  return [
    { $match: match },
    { $project: { _id: 0, d: { $subtract: [`$${end}`, `$${start}`] } } },
    { $facet: { p50: at(ranks.p50), p90: at(ranks.p90) } },
  ];
}

/** Start to end of the instances that completed or were rejected, given how many there are. */
export const cycleTimePipeline = (scope: StatisticsScope & { workflowId: string }, n: number): Document[] =>
  percentilesPipeline(
    { ...inRange(scope), endStatus: { $in: ['completed', 'rejected'] } },
    'endedAt',
    'createdAt',
    n,
  );

/** Created to decided, over one node's decided tasks, given how many there are. */
export const turnaroundPipeline = (
  scope: StatisticsScope & { workflowId: string },
  nodeId: string,
  n: number,
): Document[] =>
  percentilesPipeline(
    { ...inRange(scope), nodeId, status: 'decided', closedAt: { $type: 'number' } },
    'closedAt',
    'createdAt',
    n,
  );

/** What the $facet answers: each percentile as a list of at most one value. */
export function readPercentiles(facet: Document | undefined): { p50: number | null; p90: number | null } {
  const value = (key: 'p50' | 'p90') => {
    const d: unknown = (facet?.[key] as Document[] | undefined)?.[0]?.['d'];
    return typeof d === 'number' ? d : null;
  };
  return { p50: value('p50'), p90: value('p90') };
}

/** Indexes these pipelines walk; declared on h/mongo-core's `instances` and on `tasks`. */
export const instanceStatisticsIndexes: IndexDescription[] = [
  // One workflow: counts per version and the cycle time, covered.
  {
    key: { workflowId: 1, createdAt: 1, version: 1, endStatus: 1, endedAt: 1 },
    name: 'instances_statistics_by_workflow',
  },
  // All workflows in a range, grouped by workflow, covered.
  { key: { createdAt: 1, workflowId: 1, endStatus: 1 }, name: 'instances_statistics_by_time' },
];

export const taskStatisticsIndexes: IndexDescription[] = [
  {
    key: { workflowId: 1, createdAt: 1, version: 1, nodeId: 1, status: 1, dueAt: 1, closedAt: 1 },
    name: 'tasks_statistics_by_workflow',
  },
  {
    key: { createdAt: 1, workflowId: 1, status: 1, dueAt: 1, closedAt: 1 },
    name: 'tasks_statistics_by_time',
  },
  { key: { status: 1, workflowId: 1, version: 1, nodeId: 1, dueAt: 1 }, name: 'tasks_statistics_open' },
  // One node's turnaround: its decided tasks in the range.
  {
    key: { workflowId: 1, nodeId: 1, status: 1, createdAt: 1, version: 1, closedAt: 1 },
    name: 'tasks_statistics_turnaround',
  },
];
