import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import { RetentionModeSchema, RetentionOverrideSchema, type WorkflowRetention } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { IdParam, WorkflowIdParam, body, errors, json } from '../schemas';

const Days = z.number().int().nullable().describe('Days after its end an instance is kept; null: forever');
const Policy = z
  .object({ endedInstancesDays: Days, mode: z.enum(RetentionModeSchema.options) })
  .openapi('RetentionPolicy');
// The store's schema, rebuilt with the OpenAPI-aware zod (same fields and rules, one source).
const Override = z.strictObject(RetentionOverrideSchema.shape).openapi('RetentionOverride', {
  description:
    "The workflow's own policy: ended instances older than endedInstancesDays (by their end) are deleted, " +
    'or written to the audit archive first (mode archive); null keeps them forever; without mode, the global mode',
});
const WorkflowRetention = z
  .object({
    workflowId: z.string(),
    own: Override.extend({
      updatedAt: z.number().int(),
      updatedBy: z.string(),
      updatedByName: z.string().optional().describe('The name of who set it, while that user exists'),
    })
      .optional()
      .describe('Set through this API; absent: the global policy applies'),
    global: Policy.describe('The configuration (retention / FLOWLINE_RETENTION)'),
    effective: Policy.describe('What applies to this workflow now'),
  })
  .openapi('WorkflowRetention');

/** Per-workflow retention of ended instances, over the global policy of the configuration. */
export function retentionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;
  const global = {
    endedInstancesDays: deps.retention?.endedInstancesDays ?? null,
    mode: deps.retention?.mode ?? 'delete',
  };
  const view = async (workflowId: string, own: WorkflowRetention | null) => {
    // Named here, so a screen showing who set it need not list every user to find one.
    const setter = own ? await store.getUser(own.updatedBy) : null;
    return {
      workflowId,
      ...(own
        ? {
            own: {
              endedInstancesDays: own.endedInstancesDays,
              ...(own.mode ? { mode: own.mode } : {}),
              updatedAt: own.updatedAt,
              updatedBy: own.updatedBy,
              ...(setter ? { updatedByName: setter.name } : {}),
            },
          }
        : {}),
      global,
      effective: own ? { endedInstancesDays: own.endedInstancesDays, mode: own.mode ?? global.mode } : global,
    };
  };
  const requireWorkflow = async (id: string) => {
    const known = (await store.getDraft(id)) ?? (await store.getLatestVersionNumber(id));
    if (known === null) throw new AppError('NOT_FOUND', `There is no workflow ${id}`);
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/definitions/{id}/retention',
      tags: ['retention'],
      request: { params: IdParam },
      responses: {
        200: json(WorkflowRetention, "The workflow's retention: its own, the global, and the one in effect"),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireWorkflow(id);
      return c.json(await view(id, await store.getRetentionPolicy(id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/definitions/{id}/retention',
      tags: ['retention'],
      request: { params: WorkflowIdParam, ...body(Override) },
      responses: { 200: json(WorkflowRetention, 'Set; the next prune run applies it'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const request = c.req.valid('json');
      await requireWorkflow(id);
      const policy: WorkflowRetention = {
        workflowId: id,
        endedInstancesDays: request.endedInstancesDays,
        ...(request.mode ? { mode: request.mode } : {}),
        updatedAt: deps.clock.now(),
        updatedBy: currentUser(c).id,
      };
      await store.setRetentionPolicy(policy);
      deps.logger.info({ policy }, 'retention: a workflow policy was set');
      return c.json(await view(id, policy), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/definitions/{id}/retention',
      tags: ['retention'],
      request: { params: WorkflowIdParam },
      responses: {
        204: { description: 'Removed: the global policy applies to the workflow again' },
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await store.deleteRetentionPolicy(id)))
        throw new AppError('NOT_FOUND', `The workflow ${id} has no retention policy of its own`);
      deps.logger.info({ workflowId: id, by: currentUser(c).id }, 'retention: a workflow policy was removed');
      return c.body(null, 204);
    },
  );
}
