import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import { assertPlainData } from '../../executor/inputCheck';
import { testConnection } from '../../connectors/testConnection';
import { undeclaredKeys } from '../../connectors/undeclaredKeys';
import type { AppDeps, AppEnv } from '../appEnv';
import { IdParam, body, errors, json } from '../schemas';
import { requestIssuesOf } from '../requestIssues';
import { hasPermission } from '../../auth';

const ConnectionTestResult = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      checked: z
        .boolean()
        .openapi({ description: 'False when the connector has no check: only its values were validated' }),
      ms: z.number(),
    }),
    z.object({
      ok: z.literal(false),
      code: z.string().openapi({ example: 'HTTP_401' }),
      message: z.string().openapi({ description: 'What failed, with credential values masked' }),
      retryable: z
        .boolean()
        .openapi({ description: 'True when trying again later may work (timeouts, 5xx)' }),
      ms: z.number(),
    }),
  ])
  .openapi('ConnectionTestResult');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ConnectionSummary = z
  .object({ id: z.string(), name: z.string(), connectorId: z.string(), updatedAt: z.number() })
  .openapi('Connection');
// Designers pick a connection by name for a task; ids (to delete) and change times are for admins.
const ConnectionListed = ConnectionSummary.partial({ id: true, updatedAt: true }).openapi('ConnectionListed');

/**
 * Named connections (credentials + settings) per connector, encrypted at rest. Credentials go in
 * and never come out: listings show names only.
 */
export function connectionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, vault } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connections',
      tags: ['connections'],
      request: { query: z.object({ connectorId: z.string().max(64).optional() }) },
      responses: {
        200: json(
          z.object({ items: z.array(ConnectionListed) }),
          'Connections, never credentials or settings: names and connector ids (designers), with ids and change times (admins)',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const items = await vault.list(c.req.valid('query').connectorId);
      const manages = hasPermission(c.get('auth')?.roles ?? [], 'credentials:write');
      return c.json(
        { items: manages ? items : items.map(({ name, connectorId }) => ({ name, connectorId })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/connections/{connectorId}/{name}',
      tags: ['connections'],
      request: {
        params: z.object({
          connectorId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: 'connectorId', in: 'path' } }),
          name: z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Use 1–64 letters, digits, _ . or -')
            .openapi({ param: { name: 'name', in: 'path' } }),
        }),
        ...body(
          z.object({
            credentials: z.unknown().optional(),
            settings: z.unknown().optional(),
            keepCredentials: z
              .array(z.string().min(1).max(100))
              .max(100)
              .optional()
              .describe(
                'Credential fields to keep from the stored connection where `credentials` does not give them (a form that never shows secrets leaves them unchanged unless retyped)',
              ),
          }),
        ),
      },
      responses: { 200: json(ConnectionSummary.omit({ updatedAt: true }), 'Saved (encrypted)'), ...errors },
    }),
    async (c) => {
      const { connectorId, name } = c.req.valid('param');
      const { keepCredentials, ...value } = c.req.valid('json');
      assertPlainData(value, 'The connection');
      const connector = core.connectors.get(connectorId);
      if (!connector) throw new AppError('NOT_FOUND', `No connector "${connectorId}" is installed`);
      const issues: { path: string; message: string }[] = [];
      const given = isRecord(value.credentials) ? value.credentials : {};
      let kept: Record<string, unknown> = {};
      if (keepCredentials?.length) {
        const stored = await vault.find(connectorId, name);
        const previous = stored ? (await vault.open(stored.id))?.value.credentials : undefined;
        if (isRecord(previous))
          kept = Object.fromEntries(
            keepCredentials
              .filter((key) => Object.hasOwn(previous, key) && !Object.hasOwn(given, key))
              .map((key) => [key, previous[key]]),
          );
      }
      const givenCredentials = keepCredentials?.length ? { ...kept, ...given } : (value.credentials ?? {});
      const credentials = connector.credentials.schema.safeParse(givenCredentials);
      if (!credentials.success)
        issues.push(...requestIssuesOf(credentials.error.issues, givenCredentials, ['credentials']));
      // Refused here, on the way in: a connection stored with such a key (before) still loads.
      issues.push(...undeclaredKeys(connector.credentials.schema, givenCredentials, 'credentials'));
      const settings = connector.settings.safeParse(value.settings ?? {});
      if (!settings.success)
        issues.push(...requestIssuesOf(settings.error.issues, value.settings ?? {}, ['settings']));
      issues.push(...undeclaredKeys(connector.settings, value.settings ?? {}, 'settings'));
      if (issues.length > 0)
        throw new AppError('INVALID_INPUT', `The connection does not fit ${connectorId}`, { issues });
      return c.json(
        await vault.save(connectorId, name, { credentials: credentials.data, settings: settings.data }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connections/{id}',
      tags: ['connections'],
      summary: 'A connection to edit',
      description:
        'Its settings and the names of the credential fields it stores, never their values (credentials go in and never come out). Admins only.',
      request: { params: IdParam },
      responses: {
        200: json(
          ConnectionSummary.extend({
            settings: z.unknown(),
            storedCredentials: z.array(z.string()).openapi({
              description: 'Credential fields with a stored value (the values are never returned)',
            }),
          }).openapi('ConnectionDetail'),
          'The connection',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const connection = await vault.open(id);
      const listed = (await vault.list(connection?.connectorId)).find((s) => s.id === id);
      if (!connection || !listed) throw new AppError('NOT_FOUND', 'There is no such connection');
      const credentials = connection.value.credentials;
      return c.json(
        {
          ...listed,
          settings: connection.value.settings ?? {},
          storedCredentials: isRecord(credentials)
            ? Object.keys(credentials).filter(
                (key) => credentials[key] !== undefined && credentials[key] !== '',
              )
            : [],
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/connections/{id}',
      tags: ['connections'],
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await vault.remove(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/connections/{id}/test',
      tags: ['connections'],
      summary: 'Test a connection',
      description:
        "Runs the connector's check (a cheap call such as a login or a ping) with the stored credentials and settings, under the outbound network policy. Answers 200 either way: `ok` says whether it worked; a failure carries a code and a message without secrets. Admins only.",
      request: { params: IdParam },
      responses: { 200: json(ConnectionTestResult, 'The outcome of the check'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const connection = await vault.open(id);
      if (!connection) throw new AppError('NOT_FOUND', 'There is no such connection');
      const result = await testConnection(
        {
          connectors: core.connectors,
          network: core.network,
          logger: deps.logger,
          now: () => deps.clock.now(),
        },
        { id, connectorId: connection.connectorId, value: connection.value },
      );
      return c.json(result, 200);
    },
  );
}
