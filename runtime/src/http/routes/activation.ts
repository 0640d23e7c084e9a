import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store, WorkflowActivation } from '../../store';
import { createActivationSwitch } from '../../workflows/activationSwitch';
import { deactivationOf } from '../../workflows/activation';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { IdParam, errors, json } from '../schemas';

/** Whether a workflow takes new starts: on the definition, its list entry and the switch's answer. */
export const ActivationFields = {
  active: z.boolean().openapi({
    description:
      'Whether it starts new instances. An inactive (deactivated) workflow refuses every start with 409 WORKFLOW_INACTIVE; its running instances go on',
  }),
  deactivated: z
    .object({
      at: z.number().int(),
      by: z.string().describe('The user id of who deactivated it'),
      byName: z.string().optional().describe('Their name, while that user exists'),
    })
    .optional()
    .describe('While inactive: since when, and by whom'),
};

/** The API's view of a stored record (none: active). */
export async function activationView(store: Store, record: WorkflowActivation | null | undefined) {
  const deactivated = await deactivationOf(store, record);
  return { active: deactivated === undefined, ...(deactivated ? { deactivated } : {}) };
}

const ActivationSchema = z
  .object({ workflowId: z.string(), ...ActivationFields })
  .openapi('WorkflowActivation');

/** POST /api/definitions/{id}/deactivate and /activate: retire a published workflow, and bring it back. */
export function activationRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;
  const setActive = createActivationSwitch({
    store,
    now: () => deps.clock.now(),
    ...(deps.cron
      ? { hooks: { activating: deps.cron.activating, changed: deps.cron.activationChanged } }
      : {}),
  });

  const route = (action: 'deactivate' | 'activate', description: string) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/definitions/{id}/${action}`,
        tags: ['definitions'],
        description,
        request: { params: IdParam },
        responses: {
          200: json(ActivationSchema, 'The state now (unchanged when it already was)'),
          // 409 CONFLICT: never published, so nothing starts it.
          ...errors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const record = await setActive(id, action === 'activate', currentUser(c).id);
        deps.logger.info({ workflowId: id, by: currentUser(c).id }, `workflow ${action}d`);
        return c.json({ workflowId: id, ...(await activationView(store, record)) }, 200);
      },
    );

  route(
    'deactivate',
    'Retires a published workflow: nothing starts it any more (the API, request forms, its webhook, its schedule, other workflows calling it: 409 WORKFLOW_INACTIVE), and the request portal no longer offers it. Instances already running go on to their end. Publishing a new version keeps it inactive. Idempotent: deactivating an inactive workflow changes nothing (who deactivated it stays named).',
  );
  route(
    'activate',
    'Lets a deactivated workflow start again. Its schedule resumes from now: fires missed while it was inactive are not made up. Idempotent.',
  );
}
