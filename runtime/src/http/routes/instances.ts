import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../errors';
import type { AppDeps, AppEnv } from '../appEnv';
import { callerInstanceScope, currentUser } from '../currentUser';
import { inInstanceScope, scopedInstanceFilter } from '../../auth';
import { incidentsOf } from '@flowline/engine';
import { AssigneeSchema } from '../../store';
import { assertApiStartAllowed } from '../../workflows/startPolicy';
import { createActivationCheck } from '../../workflows/activation';
import { ErrorSchema, IdParam, JsonObject, JsonValue, PageQuery, body, errors, json } from '../schemas';
import { OVERLOADED_DESCRIPTION } from '../overloaded';
import {
  InstanceFilterQuery,
  InstanceStatusSchema,
  instanceFilterOf,
  refuseEmptyRange,
} from './instanceFilters';
import { storedState } from '../../executor/storedState';
import { checkFormInput, checkFormUsers } from '../../executor/inputCheck';
import { TASK_KINDS, taskKindOf } from '../../tasks/taskKind';
import { jobId } from '../../dispatch/effects';
import { refuseControlCharacters } from '../displayText';
import { businessKeyField } from './businessKeyField';
import {
  IncidentSchema,
  InstanceErrorSchema,
  SettledFields,
  WaitQuery,
  assertWaitAllowed,
  startAndWait,
} from '../syncStart';

const StatusSchema = InstanceStatusSchema;
const SummarySchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    version: z.number(),
    status: StatusSchema,
    currentNodes: z.array(z.string()),
    outcome: z.string().optional(),
    startedBy: z.string().optional(),
    businessKey: z
      .string()
      .optional()
      .describe('What operators know the run by (e.g. a ticket number); absent when it has none'),
    openIncidents: z
      .number()
      .int()
      .optional()
      .describe('How many nodes wait for an operator (retry or cancel); absent when none'),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('InstanceSummary');
const HistorySchema = z
  .object({
    seq: z.number(),
    at: z.number(),
    type: z.string(),
    nodeId: z.string().optional(),
    actor: z.string().optional(),
    data: JsonValue,
    step: z
      .object({ activeNodes: z.array(z.string()), commands: z.array(z.string()) })
      .optional()
      .describe('Where the step left the instance: the nodes it waits in and the commands it gave'),
    hash: z.string(),
  })
  .openapi('HistoryEntry');

const OpenTaskSchema = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    assignee: AssigneeSchema,
    title: z.string(),
    kind: z.enum(TASK_KINDS).describe('A decision (approval) or work to do (manualTask)'),
    dueAt: z.number().nullable(),
  })
  .openapi('OpenTask');
const CallSchema = z
  .object({
    jobKey: z.string(),
    nodeId: z.string(),
    action: z.string(),
    connection: z.string().optional().describe('The connection by name; its credentials are never returned'),
    attempt: z.number().int(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    input: JsonValue.describe('The input the step gave the action'),
    output: JsonValue.optional().describe('What the action returned (secrets it reflected are masked)'),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    runAt: z.number(),
    finishedAt: z.number().optional(),
  })
  .openapi('InstanceCall')
  .describe('One attempt of a task node: a connector action call');
/** How many of an instance's calls its view returns: the latest ones. */
const CALLS_SHOWN = 100;

const StartedSchema = SummarySchema.extend(SettledFields.partial().shape).openapi('StartedInstance');

const summary = (i: {
  id: string;
  workflowId: string;
  version: number;
  status: z.infer<typeof StatusSchema>;
  currentNodes: string[];
  outcome?: string | undefined;
  startedBy?: string | undefined;
  businessKey?: string | undefined;
  openIncidents?: number | undefined;
  createdAt: number;
  updatedAt: number;
}) => ({
  id: i.id,
  workflowId: i.workflowId,
  version: i.version,
  status: i.status,
  currentNodes: i.currentNodes,
  ...(i.outcome !== undefined ? { outcome: i.outcome } : {}),
  ...(i.startedBy !== undefined ? { startedBy: i.startedBy } : {}),
  ...(i.businessKey !== undefined ? { businessKey: i.businessKey } : {}),
  ...(i.openIncidents ? { openIncidents: i.openIncidents } : {}),
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

/** The users a history entry's data names: who decided or handed a task on, and to whom. */
function userIdsIn(data: unknown): (string | undefined)[] {
  if (typeof data !== 'object' || data === null) return [];
  const { by, to } = data as { by?: unknown; to?: { type?: unknown; id?: unknown } };
  return [
    typeof by === 'string' ? by : undefined,
    to?.type === 'user' && typeof to.id === 'string' ? to.id : undefined,
  ];
}

/** The short top-level strings of an input: the candidates for a person field's user id. */
function personLike(input: unknown): string[] {
  if (typeof input !== 'object' || input === null) return [];
  return Object.values(input)
    .filter((value): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64)
    .slice(0, 20);
}

/** Names by user id, for a timeline a person reads (ids of users that no longer exist are left out). */
async function namesOf(
  store: AppDeps['core']['store'],
  ids: readonly (string | undefined)[],
): Promise<Record<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))].slice(
    0,
    200,
  );
  const users = await Promise.all(unique.map((id) => store.getUser(id)));
  const names: Record<string, string> = {};
  for (const user of users) if (user?.name) names[user.id] = user.name;
  return names;
}

/**
 * The instance, if the caller may see it (auth/instanceScope.ts); otherwise the same 404 as a
 * missing one, so an instance outside the caller's view does not reveal that it exists.
 */
export async function readVisibleInstance(deps: AppDeps, c: Context<AppEnv>, id: string) {
  const instance = await deps.core.store.getInstance(id);
  if (!instance || !(await inInstanceScope(deps.core.store, callerInstanceScope(c), instance)))
    throw new AppError('NOT_FOUND', `There is no instance ${id}`);
  return instance;
}

/** Start, list, inspect, cancel instances; send an event to one. */
export function instanceRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock } = deps;
  const visibleInstance = (c: Context<AppEnv>, id: string) => readVisibleInstance(deps, c, id);
  const assertActive = createActivationCheck(core.store);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/instances',
      tags: ['instances'],
      request: {
        query: WaitQuery,
        ...body(
          z.object({
            workflowId: z.string().min(1).max(64),
            version: z.number().int().min(1).optional(),
            input: z.record(z.string(), z.unknown()).default({}),
            businessKey: businessKeyField()
              .optional()
              .describe(
                "The run's business key; when absent, the workflow's business key expression gives it",
              ),
          }),
        ),
      },
      responses: {
        201: json(StartedSchema, 'Started (with ?wait: and settled, or the wait ran out)'),
        ...errors,
        429: json(
          ErrorSchema,
          'RATE_LIMITED: too many starts wait at once in this process; nothing was started',
        ),
        503: json(ErrorSchema, OVERLOADED_DESCRIPTION),
        403: json(
          ErrorSchema,
          'FORBIDDEN, or START_NOT_ALLOWED: the workflow starts from a webhook, schedule or event, or only members of its starter groups may start it',
        ),
        409: json(
          ErrorSchema,
          'WORKFLOW_INACTIVE: the workflow was deactivated (the message says by whom and when); nothing was started',
        ),
        413: json(ErrorSchema, 'The instance would be larger than limits.instanceBytes'),
        422: json(ErrorSchema, 'Starting it would break another run-time limit (the message names it)'),
      },
    }),
    async (c) => {
      const request = c.req.valid('json');
      const { wait } = c.req.valid('query');
      const user = currentUser(c);
      assertWaitAllowed(core, wait);
      core.backlog.assertRoom();
      const loaded = request.version
        ? await core.machines.load(request.workflowId, request.version)
        : await core.machines.latest(request.workflowId);
      assertApiStartAllowed(loaded.definition, user);
      // Before the form is checked, as a webhook's start is: whoever starts a retired workflow is
      // told so, not asked to correct fields first and then refused (the executor checks again).
      await assertActive(loaded);
      // A person's form names people by user id; whether they exist is the store's to say, so it is
      // asked here (the executor's check is synchronous, and trusted starts do not come this way).
      await checkFormUsers(
        core.store,
        loaded.definition.input,
        checkFormInput(loaded.definition.input, request.input),
      );
      const start = async (id?: string) => {
        const instance = await core.backlog.starting(
          core.executor.start({
            workflowId: request.workflowId,
            version: loaded.version,
            input: request.input,
            startedBy: user.id,
            ...(request.businessKey !== undefined ? { businessKey: request.businessKey } : {}),
            ...(id ? { id } : {}),
          }),
        );
        deps.metrics.instanceStarted(instance.workflowId);
        return instance;
      };
      if (wait === undefined) return c.json(summary(await start()), 201);
      const { instance, settled } = await startAndWait(core, wait, c.req.raw.signal, start);
      return c.json({ ...summary(instance), ...settled }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/instances',
      tags: ['instances'],
      request: {
        query: PageQuery.extend(InstanceFilterQuery.shape).superRefine(refuseEmptyRange),
      },
      responses: {
        200: json(
          z.object({
            items: z.array(SummarySchema),
            nextCursor: z.string().nullable(),
            people: z
              .record(z.string(), z.string())
              .optional()
              .describe("The names of the page's starters, by user id"),
          }),
          'Instances, newest first',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      // Only what the caller may see: their own requests, or (approvers) also those with their tasks.
      const scoped = scopedInstanceFilter(callerInstanceScope(c), instanceFilterOf(filter));
      if (!scoped) return c.json({ items: [], nextCursor: null }, 200);
      const page = await core.store.listInstances(scoped, { limit, ...(cursor ? { cursor } : {}) });
      const people = await namesOf(
        core.store,
        page.items.map((instance) => instance.startedBy),
      );
      return c.json({ items: page.items.map(summary), nextCursor: page.nextCursor ?? null, people }, 200);
    },
  );

  // Before /api/instances/{id}, which would otherwise take "count" for an id.
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/instances/count',
      tags: ['instances'],
      summary: 'How many instances the list would show under these filters, exactly',
      request: { query: InstanceFilterQuery.superRefine(refuseEmptyRange) },
      responses: {
        200: json(
          z.object({ count: z.number().int() }),
          'The exact count, over the same filters and visibility as GET /api/instances',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const scoped = scopedInstanceFilter(callerInstanceScope(c), instanceFilterOf(c.req.valid('query')));
      return c.json({ count: scoped ? await core.store.countInstances(scoped) : 0 }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/instances/{id}',
      tags: ['instances'],
      request: { params: IdParam },
      responses: {
        200: json(
          SummarySchema.extend({
            input: JsonValue,
            output: JsonValue.optional(),
            error: InstanceErrorSchema.optional(),
            incidents: z.array(IncidentSchema),
            history: z.array(HistorySchema),
            openTasks: z.array(OpenTaskSchema),
            visits: z
              .record(z.string(), z.number().int())
              .describe('How many times the instance entered each node (the path it took)'),
            calls: z
              .array(CallSchema)
              .describe(`The task nodes' action calls, oldest first (the latest ${CALLS_SHOWN})`),
            people: z
              .record(z.string(), z.string())
              .describe(
                'The names of the users the instance names (who started it, acted in its history, has its open tasks), by user id',
              ),
          }),
          'Instance with history and current nodes',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const instance = await visibleInstance(c, id);
      const [history, tasks] = await Promise.all([
        core.store.readHistory(id),
        core.store.listTasks({ instanceId: id, status: 'open' }, { limit: 100 }),
      ]);
      const context = storedState(instance).context;
      // Each attempt has its own job key: those history settled, then those still waiting.
      const keys = new Set<string>();
      for (const h of history) {
        const key = (h.data as { jobKey?: unknown } | null)?.jobKey;
        if (typeof key === 'string') keys.add(key);
      }
      for (const job of Object.values(context.jobs)) keys.add(job.jobKey);
      const shown = [...keys].slice(-CALLS_SHOWN);
      const jobs = await Promise.all(shown.map((key) => core.store.getJob(jobId(id, key))));
      const calls = jobs.flatMap((job, index) => {
        if (!job) return [];
        const jobKey = shown[index]!;
        const result = job.result;
        return [
          {
            jobKey,
            nodeId: job.nodeId,
            action: job.action,
            ...(job.connection ? { connection: job.connection } : {}),
            attempt: job.attempt,
            status: job.status,
            input: job.input,
            ...(result?.status === 'succeeded' ? { output: result.output } : {}),
            ...(result?.status === 'failed'
              ? { error: { code: result.error.code, message: result.error.message } }
              : {}),
            runAt: job.runAt,
            ...(result ? { finishedAt: result.finishedAt } : {}),
          },
        ];
      });
      const people = await namesOf(core.store, [
        instance.startedBy,
        // A request form's person fields hold user ids: their names too (names are no secret).
        ...personLike(instance.input),
        ...history.flatMap((h) => [h.actor, ...userIdsIn(h.data)]),
        ...tasks.items.map((t) => (t.assignee.type === 'user' ? t.assignee.id : undefined)),
      ]);
      return c.json(
        {
          ...summary(instance),
          input: instance.input,
          ...(instance.output !== undefined ? { output: instance.output } : {}),
          ...(instance.error ? { error: instance.error } : {}),
          incidents: incidentsOf(context),
          history: history.map((h) => ({
            seq: h.seq,
            at: h.at,
            type: h.type,
            ...(h.nodeId ? { nodeId: h.nodeId } : {}),
            ...(h.actor ? { actor: h.actor } : {}),
            data: h.data,
            ...(h.step ? { step: h.step } : {}),
            hash: h.hash,
          })),
          openTasks: tasks.items.map((t) => ({
            id: t.id,
            nodeId: t.nodeId,
            assignee: t.assignee,
            title: t.title,
            kind: taskKindOf(t),
            dueAt: t.dueAt ?? null,
          })),
          visits: context.visits,
          calls,
          people,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/instances/{id}/definition',
      tags: ['instances'],
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({ workflowId: z.string(), version: z.number(), definition: JsonObject }),
          "The published version the instance runs: for callers who may see the instance but not read definitions (a requester's own request: its step names and form)",
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const instance = await visibleInstance(c, id);
      const found = await core.store.getVersion(instance.workflowId, instance.version);
      if (!found) throw new AppError('NOT_FOUND', `There is no instance ${id}`);
      return c.json(
        { workflowId: instance.workflowId, version: instance.version, definition: found.definition },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/instances/{id}/cancel',
      tags: ['instances'],
      request: {
        params: IdParam,
        ...body(z.object({ reason: z.string().max(2000).superRefine(refuseControlCharacters).optional() })),
      },
      responses: { 200: json(z.object({ id: z.string(), status: StatusSchema }), 'Cancelled'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const user = currentUser(c);
      const result = await core.executor.send(
        id,
        { type: 'instance.cancel', by: user.id, ...(reason ? { reason } : {}), at: clock.now() },
        { actor: user.id },
      );
      if (!result.changed) throw new AppError('INSTANCE_ENDED', 'The instance has already ended');
      return c.json({ id, status: 'cancelled' as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/instances/{id}/retry',
      tags: ['instances'],
      request: { params: IdParam, ...body(z.object({ nodeId: z.string().min(1).max(64) })) },
      responses: {
        200: json(
          z.object({ retried: z.literal(true) }),
          'A new attempt of the failed task was started, or the approval with an incident was opened afresh',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { nodeId } = c.req.valid('json');
      const user = currentUser(c);
      const result = await core.executor.send(
        id,
        { type: 'job.retry', nodeId, by: user.id, at: clock.now() },
        { actor: user.id },
      );
      if (!result.changed)
        throw result.ended
          ? new AppError('INSTANCE_ENDED', 'The instance has already ended')
          : new AppError('CONFLICT', `"${nodeId}" has no incident to retry`);
      return c.json({ retried: true as const }, 200);
    },
  );
}
