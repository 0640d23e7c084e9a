import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { TriggerNode, WorkflowDefinition } from '@flowline/engine';
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
      const items: z.infer<typeof RequestFormSchema>[] = [];
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
          const definition = version.definition as unknown as WorkflowDefinition;
          if (!Array.isArray(definition.nodes) || !formTriggerFor(definition, user.groups)) continue;
          items.push({
            workflowId: version.workflowId,
            version: version.version,
            name: definition.name,
            ...(definition.description ? { description: definition.description } : {}),
            fields: (definition.input ?? []) as z.infer<typeof JsonValue>[],
          });
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor && seen < MAX_WORKFLOWS);
      items.sort((a, b) => a.name.localeCompare(b.name));
      return c.json({ items }, 200);
    },
  );
}
