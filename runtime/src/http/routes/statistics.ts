import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import type { JsonObject, Store } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';
import { errors, json } from '../schemas';
import { instant, wholeNumber } from '../queryValues';

const DAY_MS = 86_400_000;
/** Without `from`: the 30 days before `to`. */
const DEFAULT_RANGE_MS = 30 * DAY_MS;

const RangeQuery = z
  .object({
    from: instant('Start of the range (inclusive); default: 30 days before `to`').optional(),
    to: instant('End of the range (exclusive); default: now')
      .optional()
      .openapi({ example: '2026-12-01T00:00:00Z' }),
  })
  .superRefine((range, ctx) => {
    if (range.from !== undefined && range.to !== undefined && range.from >= range.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be after from' });
  });

const Percentiles = z
  .object({ p50: z.number().nullable(), p90: z.number().nullable() })
  .openapi('Percentiles')
  .describe('Nearest-rank percentiles in milliseconds; null when nothing was measured');
const InstanceCounts = z
  .object({
    started: z.number().int(),
    running: z.number().int(),
    completed: z.number().int(),
    rejected: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  })
  .openapi('InstanceCounts')
  .describe('Instances started in the range, by their status now');
const TaskCounts = z
  .object({
    created: z.number().int().describe('Created in the range'),
    decided: z.number().int().describe('Of those, decided'),
    open: z.number().int().describe('Open now, whenever created'),
    overdue: z.number().int().describe('Open now and past their due time'),
    decidedLate: z.number().int().describe('Created in the range and decided after their due time'),
    timedOut: z
      .number()
      .int()
      .describe(
        'Created in the range and closed by their deadline (escalated or settled), or cancelled after it',
      ),
    breaches: z.number().int().describe('SLA breaches: decidedLate + timedOut'),
  })
  .openapi('TaskCounts')
  .describe('Human tasks (approvals and manual tasks)');
const WorkflowStatistics = z
  .object({
    workflowId: z.string(),
    name: z.string().describe("The latest version's name (the id when none is published)"),
    version: z.number().int().optional().describe('Absent: all versions together'),
    instances: InstanceCounts,
    cycleTimeMs: Percentiles.describe('Start to end of the instances that completed or were rejected'),
    tasks: TaskCounts,
  })
  .openapi('WorkflowStatistics');
const NodeStatistics = z
  .object({
    nodeId: z.string(),
    name: z.string().describe('As the version named it (the id for a node no longer in it)'),
    kind: z.string().nullable().describe('approval, manualTask…; null for a node no longer in the version'),
    tasks: TaskCounts,
    turnaroundMs: Percentiles.describe('Created to decided'),
  })
  .openapi('NodeStatistics');
const Range = {
  from: z.number().int().describe('Epoch milliseconds, inclusive'),
  to: z.number().int().describe('Epoch milliseconds, exclusive'),
  now: z
    .number()
    .int()
    .describe('When the figures were read: open tasks past their due time by then are overdue'),
};

/** The node ids, names and kinds of a definition, read defensively (it is stored JSON). */
function nodesOf(definition: JsonObject | undefined): Map<string, { name: string; kind: string }> {
  const nodes = new Map<string, { name: string; kind: string }>();
  const list = definition?.['nodes'];
  if (!Array.isArray(list)) return nodes;
  for (const node of list) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
    const { id, name, kind } = node;
    if (typeof id === 'string')
      nodes.set(id, { name: typeof name === 'string' ? name : id, kind: String(kind) });
  }
  return nodes;
}

const nameOf = (definition: JsonObject | undefined, fallback: string): string =>
  typeof definition?.['name'] === 'string' ? definition['name'] : fallback;

function rangeOf(query: { from?: number | undefined; to?: number | undefined }, now: number) {
  const to = query.to ?? now;
  return { from: query.from ?? Math.max(0, to - DEFAULT_RANGE_MS), to, now };
}

async function definitionOf(
  store: Store,
  workflowId: string,
  version?: number,
): Promise<JsonObject | undefined> {
  const stored =
    version === undefined
      ? await store.getLatestVersion(workflowId)
      : await store.getVersion(workflowId, version);
  return stored?.definition;
}

/** Process statistics for the dashboard and weekly reports, aggregated in the store. */
export function statisticsRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/statistics/workflows',
      tags: ['statistics'],
      summary: 'Statistics per workflow over a time range',
      request: { query: RangeQuery },
      responses: {
        200: json(
          z
            .object({ ...Range, items: z.array(WorkflowStatistics) })
            .openapi('WorkflowStatisticsList')
            .describe(
              'Each workflow with instances started, tasks created or tasks open in the range, by id',
            ),
          'Per workflow, all versions together',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const range = rangeOf(c.req.valid('query'), deps.clock.now());
      const rows = await store.statisticsByWorkflow(range);
      const items = await Promise.all(
        rows.map(async (row) => ({
          ...row,
          name: nameOf(await definitionOf(store, row.workflowId), row.workflowId),
        })),
      );
      return c.json({ ...range, items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/statistics/workflows/{id}',
      tags: ['statistics'],
      summary: "One workflow's statistics: totals, per version, per human-task node",
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .max(200)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        query: RangeQuery.safeExtend({
          version: wholeNumber({ min: 1, example: 2 })
            .optional()
            .openapi({ description: 'Only this version; all versions when absent' }),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              ...Range,
              total: WorkflowStatistics,
              versions: z
                .array(WorkflowStatistics)
                .describe('Ascending; versions with something in the range'),
              nodes: z.array(NodeStatistics).describe('The nodes with human tasks, by id'),
              slowestNodeId: z
                .string()
                .nullable()
                .describe(
                  'Where instances wait longest: the node with the highest turnaround p50 (then p90)',
                ),
            })
            .openapi('WorkflowStatisticsDetail'),
          'The workflow (or one version of it) over the range',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const range = rangeOf(query, deps.clock.now());
      const detail = await store.workflowStatistics({
        ...range,
        workflowId: id,
        ...(query.version !== undefined ? { version: query.version } : {}),
      });
      const definition = await definitionOf(store, id, query.version);
      const latest = query.version === undefined ? definition : await definitionOf(store, id);
      // A mistyped id answers 404, not a page of zeros that looks like a quiet week.
      if (!latest) throw new AppError('NOT_FOUND', `There is no published workflow ${id}`);
      const name = nameOf(latest, id);
      const nodes = nodesOf(definition);
      return c.json(
        {
          ...range,
          total: { ...detail.total, name },
          versions: detail.versions.map((v) => ({ ...v, name })),
          nodes: detail.nodes.map((node) => ({
            ...node,
            name: nodes.get(node.nodeId)?.name ?? node.nodeId,
            kind: nodes.get(node.nodeId)?.kind ?? null,
          })),
          slowestNodeId: detail.slowestNodeId,
        },
        200,
      );
    },
  );
}
