import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { TriggerNode, WorkflowDefinition } from '@flowline/engine';
import { AppError } from '../../errors';
import type { WorkflowVersion } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { JsonValue, errors, json } from '../schemas';

const RequestFormSchema = z
  .object({
    workflowId: z.string(),
    version: z.number().int().describe('The newest published version: the one a request starts'),
    name: z.string(),
    description: z.string().optional(),
    fields: z.array(JsonValue).describe("The request form: the version's input fields (FormField)"),
  })
  .openapi('RequestForm');

type RequestForm = z.infer<typeof RequestFormSchema>;

/** A version's request form as the catalogue lists it, when the caller may use it; else undefined. */
function requestFormOf(version: WorkflowVersion, groups: readonly string[]): RequestForm | undefined {
  const definition = version.definition as unknown as WorkflowDefinition;
  if (!Array.isArray(definition.nodes) || !formTriggerFor(definition, groups)) return undefined;
  return {
    workflowId: version.workflowId,
    version: version.version,
    name: definition.name,
    ...(definition.description ? { description: definition.description } : {}),
    fields: (definition.input ?? []) as z.infer<typeof JsonValue>[],
  };
}

/** Drafts read per call at most (a catalogue is a page of forms, not a search). */
const MAX_WORKFLOWS = 1000;

/** The form trigger of a definition the caller may start by hand, or undefined. */
function formTriggerFor(definition: WorkflowDefinition, groups: readonly string[]) {
  const trigger = definition.nodes.find((node): node is TriggerNode => node.kind === 'trigger')?.trigger;
  if (trigger?.type !== 'form') return undefined;
  const starters = trigger.startableBy?.groups;
  if (starters && !starters.some((group) => groups.includes(group))) return undefined;
  return trigger;
}

/**
 * The request portal's catalogue: the newest published version of each active workflow that starts
 * from a form trigger the caller may use (its starter groups, when it names some), with the form's
 * fields. The same rules POST /api/instances applies (startPolicy, activation), so what is listed
 * can be started.
 */
export function requestFormRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/request-forms',
      tags: ['instances'],
      responses: {
        200: json(
          z.object({ items: z.array(RequestFormSchema) }),
          'The workflows the caller may request through a form, by name',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const user = currentUser(c);
      const items: RequestForm[] = [];
      let cursor: string | undefined;
      let seen = 0;
      do {
        const page = await store.listDrafts({ limit: 100, ...(cursor ? { cursor } : {}) });
        seen += page.items.length;
        const ids = page.items.map((d) => d.workflowId);
        const inactive = new Set(
          (await store.listWorkflowActivations(ids)).filter((r) => !r.active).map((r) => r.workflowId),
        );
        const versions = await Promise.all(ids.map((id) => store.getLatestVersion(id)));
        for (const version of versions) {
          if (!version || inactive.has(version.workflowId)) continue;
          const form = requestFormOf(version, user.groups);
          if (form) items.push(form);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor && seen < MAX_WORKFLOWS);
      items.sort((a, b) => a.name.localeCompare(b.name));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/request-forms/{workflowId}',
      tags: ['instances'],
      description:
        "One request form, opened by its address: the catalogue's entry, with whether it takes requests now. A deactivated workflow's form is answered with `active: false` to whoever could use it otherwise, so the portal can say why it takes no request; to anyone else, as to a form that does not exist, 404.",
      request: {
        params: z.object({
          workflowId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: 'workflowId', in: 'path' } }),
        }),
      },
      responses: {
        200: json(
          RequestFormSchema.extend({
            active: z.boolean().describe('False while the workflow is deactivated: nothing can be requested'),
          }),
          'The form',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { workflowId } = c.req.valid('param');
      const version = await store.getLatestVersion(workflowId);
      // The catalogue's own rule, so this never tells of a workflow the caller could not request.
      const form = version ? requestFormOf(version, currentUser(c).groups) : undefined;
      if (!form) throw new AppError('NOT_FOUND', 'There is no request form here that you may use');
      const activation = await store.getWorkflowActivation(workflowId);
      return c.json({ ...form, active: activation?.active !== false }, 200);
    },
  );
}
