import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { decisionsSoFar } from '@flowline/engine';
import { AssigneeSchema, TaskDecisionSchema, TaskSchema as StoredTaskSchema } from '../../store';
import { IdParam, JsonValue, PageQuery, body, errors, json } from '../schemas';
import { storedState } from '../../executor/storedState';
import { TASK_KINDS, taskKindOf } from '../../tasks/taskKind';
import type { Task } from '../../store';
import { DecisionComment } from '../decisionComment';

/** The stored task record, as it is: the response cannot drift from what the store holds. */
export const TaskSchema = StoredTaskSchema.extend({
  kind: z
    .enum(TASK_KINDS)
    .describe('What the task asks for: a decision (approval) or work to do (manualTask)'),
  form: JsonValue,
  decision: TaskDecisionSchema.extend({ form: JsonValue.optional() }).optional(),
}).openapi('Task');

/** The stored record with its kind (read from its form document). */
const withKind = (task: Task) => ({ ...task, kind: taskKindOf(task) });

/** A task in the caller's list, with whether they could decide it now (the one decision policy). */
const TaskListItemSchema = TaskSchema.extend({
  canDecide: z.boolean().describe('Whether the caller may decide this task now'),
  cannotDecideBecause: z
    .string()
    .optional()
    .describe('Why not, in a sentence (the requester under segregation of duties, no tasks:decide, decided)'),
  delegatedFromName: z
    .string()
    .optional()
    .describe('The name of the user it was handed on from (delegatedFrom), as an inbox row says it'),
}).openapi('TaskListItem');

const DecisionSoFarSchema = z
  .object({
    slot: z.number().int(),
    assignee: AssigneeSchema,
    outcome: z.string(),
    by: z.string(),
    at: z.number(),
    comment: z.string().optional(),
    form: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('DecisionSoFar');

/** My tasks, a task with its request's context, decide, delegate. */
export function taskRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tasks',
      tags: ['tasks'],
      request: {
        query: PageQuery.extend({
          status: z.enum(['open', 'decided', 'cancelled']).default('open'),
          instanceId: z
            .string()
            .min(1)
            .max(200)
            .optional()
            .describe("Only this instance's tasks (none when there is no such instance)"),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(TaskListItemSchema), nextCursor: z.string().nullable() }),
          'Tasks assigned to me or my groups',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const user = currentUser(c);
      const { limit, cursor, status, instanceId } = c.req.valid('query');
      const page = await core.store.listTasks(
        {
          assigneeUserId: user.id,
          groups: user.groups,
          status,
          ...(instanceId !== undefined ? { instanceId } : {}),
        },
        { limit, ...(cursor ? { cursor } : {}) },
      );
      // One read per person a page's tasks were handed on from (often one: an away colleague).
      const names = new Map<string, Promise<string | undefined>>();
      const nameOf = (id: string) =>
        names.get(id) ??
        names
          .set(
            id,
            core.store.getUser(id).then((u) => u?.name || undefined),
          )
          .get(id)!;
      const items = await Promise.all(
        page.items.map(async (task) => {
          const { canDecide, reason } = await core.tasks.decidability(task, user);
          const from = task.delegatedFrom?.type === 'user' ? await nameOf(task.delegatedFrom.id) : undefined;
          return {
            ...withKind(task),
            canDecide,
            ...(reason ? { cannotDecideBecause: reason } : {}),
            ...(from ? { delegatedFromName: from } : {}),
          };
        }),
      );
      return c.json({ items, nextCursor: page.nextCursor ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tasks/{id}',
      tags: ['tasks'],
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({
            task: TaskSchema,
            request: z.object({
              instanceId: z.string(),
              workflowId: z.string(),
              input: JsonValue,
              startedBy: z.string().optional(),
              decisionsSoFar: z
                .array(DecisionSoFarSchema)
                .describe('Decisions already taken on this approval, by slot'),
            }),
          }),
          'The task and the request it is about',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const task = await core.tasks.getOwnTask(c.req.valid('param').id, currentUser(c));
      const instance = await core.store.getInstance(task.instanceId);
      if (!instance) throw new AppError('NOT_FOUND', 'The request of this task no longer exists');
      const { context } = storedState(instance);
      return c.json(
        {
          task: withKind(task),
          request: {
            instanceId: instance.id,
            workflowId: instance.workflowId,
            input: instance.input,
            ...(instance.startedBy ? { startedBy: instance.startedBy } : {}),
            decisionsSoFar: decisionsSoFar(context, task.nodeId),
          },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tasks/{id}/decide',
      tags: ['tasks'],
      request: {
        params: IdParam,
        // Strict: a misspelt field (`coment`) is refused by name, not dropped with what it said.
        ...body(
          z.strictObject({
            outcome: z.string().min(1).max(64),
            comment: DecisionComment.optional(),
            form: z
              .record(z.string(), z.unknown())
              .optional()
              .describe("The task's form fields, and only those (none when it has no fields)"),
          }),
        ),
      },
      responses: {
        200: json(z.object({ taskId: z.string(), outcome: z.string(), instanceId: z.string() }), 'Decided'),
        ...errors,
      },
    }),
    async (c) => {
      const request = c.req.valid('json');
      const result = await core.tasks.decide(c.req.valid('param').id, currentUser(c), request);
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tasks/{id}/delegate',
      tags: ['tasks'],
      description:
        'Hands the task to a colleague who may decide it. Refused by field (`to`): to its own assignee ' +
        '(400), or to someone who already holds another place of the same step, a task open, still to ' +
        'come in a sequence or decided by them (409 ALREADY_HOLDS_TASK): one person never decides twice.',
      request: {
        params: IdParam,
        ...body(
          z.object({
            to: z.string().min(1).max(320).describe('The colleague: a user id, or their e-mail address'),
            comment: DecisionComment.optional(),
          }),
        ),
      },
      responses: { 200: json(TaskSchema, 'Delegated'), ...errors },
    }),
    async (c) => {
      const { to, comment } = c.req.valid('json');
      // People know their colleagues' e-mail addresses, not their ids: either names the user.
      const byEmail = to.includes('@') ? await core.store.getUserByEmail(to.trim().toLowerCase()) : null;
      const task = await core.tasks.delegate(
        c.req.valid('param').id,
        currentUser(c),
        byEmail?.id ?? to,
        comment,
      );
      return c.json(withKind(task), 200);
    },
  );
}
