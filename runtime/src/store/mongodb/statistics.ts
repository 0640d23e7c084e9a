// The pipelines, the fields they read and the indexes they walk: statisticsPipelines.ts.
import type { ClientSession, Collection, Document } from 'mongodb';
import type { StatisticsStore } from '../port';
import type {
  InstanceCounts,
  NodeStatistics,
  Percentiles,
  TaskCounts,
  WorkflowStatistics,
  WorkflowStatisticsDetail,
} from '../schemas/statistics';
import { slowestNode } from '../sqlite/statistics';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import {
  type StatisticsScope,
  cycleTimePipeline,
  instanceCountsPipeline,
  instanceStatisticsIndexes,
  openTaskCountsPipeline,
  readPercentiles,
  taskCountsPipeline,
  taskStatisticsIndexes,
  turnaroundPipeline,
} from './statisticsPipelines';
import { TASKS } from './recordDocuments';

/** h/mongo-core's collection; statistics only add indexes to it. */
const INSTANCES = 'instances';

/**
 * Indexes only (no validator): `instances` belongs to instances.ts and `tasks` to tasks.ts, and
 * setup merges every part's specs by collection name.
 */
export const statisticsCollections: CollectionSpec[] = [
  { name: INSTANCES, indexes: instanceStatisticsIndexes },
  { name: TASKS, indexes: taskStatisticsIndexes },
];

type Row = Document;

const num = (row: Row | undefined, field: string): number =>
  typeof row?.[field] === 'number' ? (row[field] as number) : 0;

/** Rows by their group key (a single field's value, or one member of a compound key), as text. */
const byKey = (rows: readonly Row[], member?: string): Map<string, Row[]> => {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id: unknown = member === undefined ? row['_id'] : (row['_id'] as Document | undefined)?.[member];
    if (id === null || id === undefined) continue; // tasks whose instance was not stored: no workflow
    const key = String(id);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
};

/** Sums the count fields of several rows (a workflow's versions make its total). */
function summed(rows: Iterable<Row> | undefined): Row {
  const total: Record<string, number> = {};
  for (const row of rows ?? [])
    for (const [field, value] of Object.entries(row))
      if (typeof value === 'number' && field !== '_id') total[field] = (total[field] ?? 0) + value;
  return total;
}

const toInstanceCounts = (row: Row): InstanceCounts => {
  const ended = ['completed', 'rejected', 'failed', 'cancelled'].reduce((sum, end) => sum + num(row, end), 0);
  return {
    started: num(row, 'started'),
    running: num(row, 'started') - ended,
    completed: num(row, 'completed'),
    rejected: num(row, 'rejected'),
    failed: num(row, 'failed'),
    cancelled: num(row, 'cancelled'),
  };
};

const toTaskCounts = (created: Row, open: Row): TaskCounts => ({
  created: num(created, 'created'),
  decided: num(created, 'decided'),
  open: num(open, 'open'),
  overdue: num(open, 'overdue'),
  decidedLate: num(created, 'decidedLate'),
  timedOut: num(created, 'timedOut'),
  breaches: num(created, 'decidedLate') + num(created, 'timedOut'),
});

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function mongoStatistics(context: MongoContext): StatisticsStore {
  const instances = context.db.collection(INSTANCES);
  const tasks = context.db.collection(TASKS);

  /**
   * Every figure of one answer describes the same moment: the reads share a snapshot session
   * (read concern 'snapshot', MongoDB 5.0+ on a replica set), as the SQLite adapter's share one
   * read transaction. One read at a time: the snapshot's time is fixed by the first answer.
   */
  async function inSnapshot<T>(
    read: (run: (collection: Collection, pipeline: Document[]) => Promise<Row[]>) => Promise<T>,
  ) {
    const session: ClientSession = context.client.startSession({ snapshot: true });
    try {
      return await read((collection, pipeline) =>
        collection.aggregate<Row>(pipeline, { session, readConcern: { level: 'snapshot' } }).toArray(),
      );
    } finally {
      await session.endSession();
    }
  }

  return withStoreErrors('statistics', {
    async statisticsByWorkflow(range) {
      return inSnapshot(async (run) => {
        const scope = { from: range.from, to: range.to };
        const instanceRows = await run(instances, instanceCountsPipeline(scope, ['workflowId']));
        const taskRows = await run(tasks, taskCountsPipeline(scope, ['workflowId']));
        const openRows = await run(tasks, openTaskCountsPipeline({}, range.now, ['workflowId']));
        const started = byKey(instanceRows);
        const created = byKey(taskRows);
        const open = byKey(openRows);
        const ids = [...new Set([...started.keys(), ...created.keys(), ...open.keys()])].sort(compareText);
        const rows: WorkflowStatistics[] = [];
        for (const workflowId of ids) {
          const counts = summed(started.get(workflowId));
          rows.push({
            workflowId,
            instances: toInstanceCounts(counts),
            cycleTimeMs: await cycleTime(run, { ...scope, workflowId }, counts),
            tasks: toTaskCounts(summed(created.get(workflowId)), summed(open.get(workflowId))),
          });
        }
        return rows;
      });
    },

    async workflowStatistics(query) {
      const { workflowId, version } = query;
      const scope = { from: query.from, to: query.to, workflowId, version };
      return inSnapshot(async (run): Promise<WorkflowStatisticsDetail> => {
        // Tasks grouped once by (version, node), a few rows summed both ways.
        const instanceRows = await run(instances, instanceCountsPipeline(scope, ['version']));
        const taskRows = await run(tasks, taskCountsPipeline(scope, ['version', 'nodeId']));
        const openRows = await run(
          tasks,
          openTaskCountsPipeline({ workflowId, version }, query.now, ['version', 'nodeId']),
        );
        const started = byKey(instanceRows);
        const created = byKey(taskRows, 'version');
        const open = byKey(openRows, 'version');

        const statisticsOf = async (v: number | undefined, counts: Row, taskRow: Row, openRow: Row) => ({
          workflowId,
          ...(v !== undefined ? { version: v } : {}),
          instances: toInstanceCounts(counts),
          cycleTimeMs: await cycleTime(run, { ...scope, version: v }, counts),
          tasks: toTaskCounts(taskRow, openRow),
        });

        const versions: WorkflowStatistics[] = [];
        const versionNumbers = [...new Set([...started.keys(), ...created.keys(), ...open.keys()])].map(
          Number,
        );
        for (const v of versionNumbers.sort((a, b) => a - b)) {
          const key = String(v);
          versions.push(
            await statisticsOf(v, summed(started.get(key)), summed(created.get(key)), summed(open.get(key))),
          );
        }
        // The total's counts are its versions' sums; its percentiles need their own sort.
        const total = await statisticsOf(version, summed(instanceRows), summed(taskRows), summed(openRows));

        const nodeCreated = byKey(taskRows, 'nodeId');
        const nodeOpen = byKey(openRows, 'nodeId');
        const nodes: NodeStatistics[] = [];
        for (const nodeId of [...new Set([...nodeCreated.keys(), ...nodeOpen.keys()])].sort(compareText)) {
          const createdRow = summed(nodeCreated.get(nodeId));
          const measured = num(createdRow, 'measured');
          nodes.push({
            nodeId,
            tasks: toTaskCounts(createdRow, summed(nodeOpen.get(nodeId))),
            turnaroundMs: await percentiles(
              run,
              tasks,
              turnaroundPipeline(scope, nodeId, measured),
              measured,
            ),
          });
        }
        return { total, versions, nodes, slowestNodeId: slowestNode(nodes) };
      });
    },
  });

  type Run = (collection: Collection, pipeline: Document[]) => Promise<Row[]>;

  async function percentiles(
    run: Run,
    collection: Collection,
    pipeline: Document[],
    n: number,
  ): Promise<Percentiles> {
    if (n === 0) return { p50: null, p90: null };
    const [facet] = await run(collection, pipeline);
    return readPercentiles(facet);
  }

  /** The cycle-time percentiles of one workflow (or version), from its completed + rejected count. */
  function cycleTime(
    run: Run,
    scope: StatisticsScope & { workflowId: string },
    counts: Row,
  ): Promise<Percentiles> {
    const n = num(counts, 'completed') + num(counts, 'rejected');
    return percentiles(run, instances, cycleTimePipeline(scope, n), n);
  }
}
