import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { displayTextProblem, hasErrors, parseDefinition, validate } from '@flowline/engine';
import { AppError } from '../../errors';
import { assertPlainData } from '../../executor/inputCheck';
import { canonicalJson } from '../../store/canonicalJson';
import { createPublisher } from '../../workflows/publisher';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { configurationIssues } from '../../workflows/configurationIssues';
import { connectionIssues } from '../../workflows/connectionIssues';
import { JsonObject, JsonValue, IdParam, PageQuery, WorkflowIdParam, body, errors, json } from '../schemas';
import { wholeNumber } from '../queryValues';
import { refuseControlCharacters } from '../displayText';
import { ActivationFields, activationView } from './activation';

const IssueSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.array(z.union([z.string(), z.number()])).readonly(),
    /** In an expression: the characters of the part at fault. */
    range: z.object({ start: z.number().int(), end: z.number().int() }).optional(),
    message: z.string(),
  })
  .openapi('ValidationIssue');
const DraftSchema = z
  .object({
    workflowId: z.string(),
    name: z.string(),
    definition: JsonObject,
    draftRev: z.number(),
    updatedAt: z.number(),
    updatedBy: z.string(),
  })
  .openapi('Draft');
const DraftSummarySchema = DraftSchema.extend({
  latestVersion: z
    .object({ version: z.number(), publishedAt: z.number() })
    .nullable()
    .openapi({ description: 'The newest published version; null when never published' }),
  unpublishedChanges: z.boolean().openapi({
    description: 'The draft differs from the newest published version (true when never published)',
  }),
  ...ActivationFields,
}).openapi('DraftSummary');
const CronStatusSchema = z
  .union([
    z.object({
      state: z.literal('armed'),
      version: z.number(),
      triggerId: z.string(),
      schedule: z.string(),
      timezone: z.string(),
    }),
    z.object({
      state: z.literal('inactive').openapi({
        description: 'The workflow is deactivated: no fires until it is activated, then from that time on',
      }),
      version: z.number(),
      triggerId: z.string(),
      schedule: z.string(),
      timezone: z.string(),
      since: z.number(),
    }),
    z.object({
      state: z.literal('failed').openapi({ description: 'The latest version cannot fire: see error' }),
      version: z.number(),
      error: z.string(),
      since: z.number(),
    }),
  ])
  .openapi('CronTriggerStatus');
const SaveDraftBody = z
  .object({
    definition: JsonObject,
    draftRev: z.number().int().min(0).openapi({
      description:
        'The revision you edited; 0 to create. 409 CONFLICT, and nothing saved, when the stored draft has another revision (another tab saved since)',
    }),
  })
  .openapi({
    description:
      'A draft may be work in progress that does not follow the format yet (it is saved with its issues; publishing refuses it) as long as it names itself: `id` as in the URL, a non-empty `name`',
  });

/** The name of a draft that does not follow the format yet: a non-empty string, else none. */
function draftName(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? value : undefined;
}

/** Drafts, validation, immutable published versions. */
const PublishBody = z
  .object({
    note: z
      .string()
      .trim()
      .max(1000)
      .superRefine(refuseControlCharacters)
      .optional()
      .describe('What changed, shown in the version list'),
    expectedDraftRev: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('The draft revision being published; 409 CONFLICT when the draft has changed since'),
  })
  .strict()
  .openapi('PublishRequest');

export function definitionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock } = deps;
  const store = core.store;

  const checkDocument = (document: unknown) => {
    assertPlainData(document, 'The definition');
    const parsed = parseDefinition(document);
    if (!parsed.ok) return { parsed: undefined, issues: parsed.error };
    return {
      parsed: parsed.value,
      issues: [
        ...validate(parsed.value, core.connectors.catalog()),
        ...configurationIssues(parsed.value, { ...deps, messageMaxTtl: core.messageMaxTtl }),
      ],
    };
  };
  const publisher = createPublisher({
    store,
    limits: core.limits,
    now: () => clock.now(),
    check: checkDocument,
    runtimeIssues: (definition) =>
      connectionIssues(definition, {
        connector: core.connectors.entry,
        needs: core.connectors.connectionNeeds,
        connectionNames: async (connectorId) =>
          new Set((await store.listSecrets(connectorId)).map((secret) => secret.name)),
      }),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/definitions',
      tags: ['definitions'],
      request: { query: PageQuery },
      responses: {
        200: json(
          z.object({ items: z.array(DraftSummarySchema), nextCursor: z.string().nullable() }),
          'Drafts, each with where it stands against its newest published version',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await store.listDrafts({ limit, ...(cursor ? { cursor } : {}) });
      const activations = new Map(
        (await store.listWorkflowActivations(page.items.map((d) => d.workflowId))).map((r) => [
          r.workflowId,
          r,
        ]),
      );
      const items = await Promise.all(
        page.items.map(async (draft) => {
          const latest = await store.getLatestVersion(draft.workflowId);
          return {
            ...draft,
            latestVersion: latest ? { version: latest.version, publishedAt: latest.publishedAt } : null,
            unpublishedChanges:
              !latest || canonicalJson(latest.definition) !== canonicalJson(draft.definition),
            ...(await activationView(store, activations.get(draft.workflowId))),
          };
        }),
      );
      return c.json({ items, nextCursor: page.nextCursor ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/definitions/validate',
      tags: ['definitions'],
      request: body(JsonValue),
      responses: {
        200: json(z.object({ valid: z.boolean(), issues: z.array(IssueSchema) }), 'Validation result'),
        ...errors,
      },
    }),
    async (c) => {
      const { issues } = checkDocument(await c.req.json());
      return c.json({ valid: !hasErrors(issues), issues: issues }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/definitions/{id}',
      tags: ['definitions'],
      request: { params: WorkflowIdParam, ...body(SaveDraftBody) },
      responses: {
        200: json(
          z.object({ draft: DraftSchema, issues: z.array(IssueSchema) }),
          'Saved draft and its issues',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { definition, draftRev } = c.req.valid('json');
      const { parsed, issues } = checkDocument(definition);
      // A draft is work in progress (a new approval has no approver yet): it is kept as long as
      // it names itself; publishing is what refuses a definition that does not follow the format.
      const name = parsed?.name ?? draftName(definition['name']);
      if (name === undefined)
        throw new AppError('INVALID_INPUT', 'The definition does not follow the format', {
          issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      // Listed to everyone who starts or reads runs: refused here, not only when publishing.
      const nameProblem = displayTextProblem(name);
      if (nameProblem)
        throw new AppError('INVALID_INPUT', 'The workflow name cannot be shown as it is', {
          issues: [{ path: 'definition.name', message: nameProblem }],
        });
      if (definition['id'] !== id)
        throw new AppError('INVALID_INPUT', 'The definition id must match the URL', {
          issues: [{ path: 'definition.id', message: `Expected "${id}"` }],
        });
      const draft = await store.saveDraft({
        workflowId: id,
        name,
        definition: definition,
        expectedDraftRev: draftRev,
        updatedAt: clock.now(),
        updatedBy: currentUser(c).id,
      });
      return c.json({ draft: draft, issues: issues }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/definitions/{id}',
      tags: ['definitions'],
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({
            draft: DraftSchema,
            issues: z.array(IssueSchema),
            /** The published cron trigger as this runtime holds it; absent without one. */
            cron: CronStatusSchema.optional(),
            ...ActivationFields,
          }),
          'Draft',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const draft = await store.getDraft(c.req.valid('param').id);
      if (!draft) throw new AppError('NOT_FOUND', 'There is no such workflow');
      const activation = await activationView(store, await store.getWorkflowActivation(draft.workflowId));
      const cron = deps.cron?.status(draft.workflowId, activation.deactivated?.at);
      return c.json(
        {
          draft,
          issues: checkDocument(draft.definition).issues,
          ...(cron ? { cron } : {}),
          ...activation,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/definitions/{id}',
      tags: ['definitions'],
      description:
        'Deletes a workflow that was never published: its draft is all there is. A workflow with a published version cannot be deleted (409): its requests and their history depend on it.',
      request: {
        // Any id the store may hold, also one saved before ids were checked, so it can be removed.
        params: IdParam,
        query: z.object({
          draftRev: wholeNumber({ min: 1, example: 3 }).describe(
            'The revision of the draft you decided to delete: a newer one is not deleted (409)',
          ),
        }),
      },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await publisher.deleteUnpublished(c.req.valid('param').id, c.req.valid('query').draftRev);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/definitions/{id}/publish',
      tags: ['definitions'],
      request: {
        params: WorkflowIdParam,
        body: { content: { 'application/json': { schema: PublishBody } }, required: false },
      },
      responses: {
        201: json(
          z.object({
            workflowId: z.string(),
            version: z.number(),
            /** What publishing did not stop but someone should know (e.g. an unsigned webhook). */
            warnings: z.array(IssueSchema),
          }),
          'Published version, with the warnings of its validation',
        ),
        422: json(
          z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema) }),
          'The draft has errors',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // The body is optional: a bare POST publishes the current draft without a note.
      const published = await publisher.publish(id, currentUser(c).id, c.req.valid('json'));
      if (!published.ok)
        return c.json(
          {
            code: 'DEFINITION_INVALID',
            message: 'Fix the errors before publishing',
            issues: published.issues,
          },
          422,
        );
      await deps.cron?.published(published.published);
      return c.json({ workflowId: id, version: published.version, warnings: published.warnings }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/definitions/{id}/versions',
      tags: ['definitions'],
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({
            items: z.array(
              z.object({
                version: z.number(),
                publishedAt: z.number(),
                publishedBy: z.string(),
                note: z.string().optional(),
              }),
            ),
          }),
          'Versions',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const versions = await store.listVersions(c.req.valid('param').id);
      return c.json(
        {
          items: versions.map((v) => ({
            version: v.version,
            publishedAt: v.publishedAt,
            publishedBy: v.publishedBy,
            ...(v.note ? { note: v.note } : {}),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/definitions/{id}/versions/{version}',
      tags: ['definitions'],
      request: {
        params: IdParam.extend({
          version: wholeNumber({ min: 1, example: 2 }).openapi({ param: { name: 'version', in: 'path' } }),
        }),
      },
      responses: {
        200: json(
          z.object({ workflowId: z.string(), version: z.number(), definition: JsonObject }),
          'A published version',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      const found = await store.getVersion(id, version);
      if (!found) throw new AppError('NOT_FOUND', `Version ${version} of ${id} does not exist`);
      return c.json({ workflowId: id, version, definition: found.definition }, 200);
    },
  );
}
