import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { assertEveryRouteListed, authenticate, authorize, rateLimit } from '../auth';
import { AppError } from '../errors';
import { isStoreError } from '../store';
import { findUnsafeData, unsafeDataError } from '../executor/inputCheck';
import type { AppDeps, AppEnv } from './appEnv';
import { closeIfBodyUnread } from './closeIfBodyUnread';
import { refuseUnknownQuery } from './unknownQuery';
import {
  TAKES_NONE,
  WHOLE_BODY_ISSUE,
  bodylessRouteMatcher,
  noBodyRefusal,
  refuseUnexpectedBody,
} from './unexpectedBody';
import { requestIssuesOf } from './requestIssues';
import { apiMethodsByPath } from './methodNotAllowed';
import { documentedRoutes } from './documentedRoutes';
import { boundedBody, hasNoBody } from './bodySize';
import { errorBody, toErrorResponse } from './errorResponse';
import { apiReferencePage, apiReferenceScript } from './apiReferencePage';
import { routePermissions } from './routePermissions';
import { buildOpenApiDocument } from './openapiDocument';
import { connectorRoutes } from './routes/connectors';
import { definitionRoutes } from './routes/definitions';
import { healthRoutes } from './routes/health';
import { instanceRoutes } from './routes/instances';
import { eventRoutes } from './routes/events';
import { withdrawRoutes } from './routes/withdraw';
import { sessionRoutes } from './routes/session';
import { taskRoutes } from './routes/tasks';
import { webhookRoutes } from './routes/webhooks';
import { approvalLinkRoutes } from './routes/approvalLinks';
import { userRoutes } from './routes/users';
import { awayRoutes } from './routes/away';
import { connectionRoutes } from './routes/connections';
import { designerRoutes } from './routes/designer';
import { streamRoutes } from './routes/stream';
import { groupRoutes } from './routes/groups';
import { statisticsRoutes } from './routes/statistics';
import { retentionRoutes } from './routes/retention';
import { requestFormRoutes } from './routes/requestForms';
import { testClockRoutes } from './routes/testClock';
import { peopleRoutes } from './routes/people';
import { adminTokenRoutes } from './routes/adminTokens';
import { activationRoutes } from './routes/activation';

const JSON_TYPE = /^application\/json(\s*;|$)/i;

/**
 * The HTTP API. Every input is validated from zod schemas (400 with field issues), every endpoint
 * takes only JSON bodies (415 otherwise) up to a size (413), and access is decided per matched
 * route from one table, default deny.
 */
export function createApp(deps: AppDeps, state: { ready: () => boolean } = { ready: () => true }) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      // zod-validator hands the hook the input it checked (`data`, untyped by zod-openapi's Hook),
      // so a field left out can be told apart from one sent wrong.
      const input = 'data' in result ? result.data : undefined;
      const issues = requestIssuesOf(result.error.issues, input);
      return c.json(errorBody(new AppError('INVALID_INPUT', 'The request is not valid', { issues })), 400);
    },
  });

  // Routes whose documented request body is required, read from the OpenAPI registry once.
  let bodyRoutes: ReadonlySet<string> | undefined;
  const routeNeedsBody = (c: Context) => {
    bodyRoutes ??= routesWithRequiredBody(app);
    return matchedRoutes(c).some((r) => bodyRoutes!.has(`${r.method} ${r.path}`));
  };
  // Where no body is taken, the type and JSON checks below still refuse first (before sign-in,
  // and a text/plain or form body, which a browser sends cross-site unasked, never gets further),
  // but their advice is to send none: "send it as JSON" would only earn a second refusal.
  const takesNoBody = bodylessRouteMatcher(app);

  app.use('*', async (c, next) => {
    c.set('requestId', randomUUID());
    await next();
  });
  app.use('*', closeIfBodyUnread());
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // The designer's HTML sets its own, stricter policy (no inline styles either).
      overwrite: false,
    }),
  );
  // The size limit wraps the body stream first, so every later reader is bounded by it.
  app.use(
    '/api/*',
    boundedBody(deps.maxBodyBytes, (c) =>
      c.json(
        errorBody(new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${deps.maxBodyBytes} bytes`)),
        413,
      ),
    ),
  );
  app.use('/api/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      const type = c.req.header('content-type') ?? '';
      const empty = hasNoBody(c);
      // A body-less POST (publish, sign-out) needs no type; any body must be JSON.
      if (!empty && !JSON_TYPE.test(type)) {
        const advice = takesNoBody(c) ? `Send no body: ${TAKES_NONE}` : 'Send the body as application/json';
        return c.json(errorBody(new AppError('UNSUPPORTED_MEDIA_TYPE', advice)), 415);
      }
      if (empty && routeNeedsBody(c)) {
        return c.json(
          errorBody(
            new AppError('INVALID_INPUT', 'This request needs a JSON body', {
              issues: [{ path: '(body)', message: 'Send a JSON document as application/json' }],
            }),
          ),
          400,
        );
      }
      // A route whose body is optional (publish) reads "no body" as an empty JSON object, whatever
      // the Content-Type says (curl -X POST -H 'content-type: application/json').
      if (empty) c.req.bodyCache.json = Promise.resolve({});
      if (!empty) {
        // Parsed once here (Hono caches it for the validators): malformed JSON and keys that could
        // reach a prototype are refused before any schema can silently drop them.
        let parsed: unknown;
        try {
          parsed = await c.req.json();
        } catch {
          const refusal = takesNoBody(c)
            ? noBodyRefusal([WHOLE_BODY_ISSUE])
            : new AppError('INVALID_INPUT', 'The body is not valid JSON', {
                issues: [{ path: '(body)', message: 'Send a JSON document' }],
              });
          return c.json(errorBody(refusal), 400);
        }
        const unsafe = findUnsafeData(parsed);
        if (unsafe) return c.json(errorBody(unsafeDataError(unsafe, 'The body')), 400);
      }
    }
    return next();
  });
  const limitUnauthenticated = rateLimit({
    clock: deps.clock,
    limit: 30,
    windowMs: 60_000,
    ...(deps.clientAddress ? { clientAddress: deps.clientAddress } : {}),
  });
  app.use('/api/auth/sign-in', limitUnauthenticated);
  // Each change costs two scrypt hashes; per account, wrong current passwords back off like sign-ins.
  app.use(
    '/api/auth/password',
    rateLimit({
      clock: deps.clock,
      limit: 10,
      windowMs: 60_000,
      ...(deps.clientAddress ? { clientAddress: deps.clientAddress } : {}),
    }),
  );
  app.use(
    '/api/webhooks/*',
    rateLimit({
      clock: deps.clock,
      limit: deps.core.limits.webhookCallsPerMinute,
      windowMs: 60_000,
      ...(deps.clientAddress ? { clientAddress: deps.clientAddress } : {}),
    }),
  );
  app.use(
    '/approve/*',
    rateLimit({
      clock: deps.clock,
      limit: 60,
      windowMs: 60_000,
      ...(deps.clientAddress ? { clientAddress: deps.clientAddress } : {}),
    }),
  );
  app.use('/approve/*', boundedBody(64 * 1024));
  app.use(
    '*',
    authenticate({
      store: deps.core.store,
      clock: deps.sessionClock ?? deps.clock,
      ...(deps.publicOrigin ? { publicOrigin: deps.publicOrigin } : {}),
    }),
  );
  app.use('*', authorize(routePermissions));
  // After access: a caller who may not use a route hears that, not which parameters it takes.
  app.use('/api/*', refuseUnknownQuery(app, { lenient: ['POST /api/webhooks/:workflowId'] }));
  app.use('/api/*', refuseUnexpectedBody(app));

  healthRoutes(app, deps, state);
  sessionRoutes(app, deps);
  definitionRoutes(app, deps);
  activationRoutes(app, deps);
  instanceRoutes(app, deps);
  eventRoutes(app, deps);
  withdrawRoutes(app, deps);
  taskRoutes(app, deps);
  connectorRoutes(app, deps);
  webhookRoutes(app, deps);
  userRoutes(app, deps);
  awayRoutes(app, deps);
  connectionRoutes(app, deps);
  approvalLinkRoutes(app, deps);
  streamRoutes(app, deps);
  groupRoutes(app, deps);
  statisticsRoutes(app, deps);
  requestFormRoutes(app, deps);
  if (deps.testClock) testClockRoutes(app, deps.testClock);
  peopleRoutes(app, deps);
  adminTokenRoutes(app, deps);
  retentionRoutes(app, deps);

  // Built on first request, once every route is registered.
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.get('/api/openapi.json', (c) =>
    c.json((openApiDocument ??= buildOpenApiDocument(app, routePermissions))),
  );
  app.get('/api/docs', (c) => c.html(apiReferencePage('/api/openapi.json')));
  app.get('/api/docs.js', (c) =>
    c.body(apiReferenceScript, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  // Last: every page outside /api and /approve is the designer's (the web app).
  designerRoutes(app, deps.designerDir === undefined ? {} : { designerDir: deps.designerDir });

  let methodsOf: ((path: string) => string[]) | undefined;
  app.notFound((c) => {
    methodsOf ??= apiMethodsByPath(app.routes);
    const allowed = methodsOf(new URL(c.req.url).pathname);
    if (allowed.length > 0 && !allowed.includes(c.req.method))
      return c.json(
        {
          code: 'METHOD_NOT_ALLOWED',
          message: `${c.req.method} is not taken here; this path takes ${allowed.join(', ')}`,
        },
        405,
        { Allow: allowed.join(', ') },
      );
    return c.json({ code: 'NOT_FOUND', message: 'There is nothing here' }, 404);
  });
  app.onError((error, c) => {
    // A store that cannot commit is one condition (logged by readiness and the store when it
    // changes), not a new failure per request: no stack per refused write.
    if (isStoreError(error, 'UNAVAILABLE'))
      deps.logger.warn(
        { reason: error.reason, requestId: c.get('requestId') },
        'write refused: the store cannot commit',
      );
    else if (!(error instanceof AppError))
      deps.logger.error({ err: error, requestId: c.get('requestId') }, 'request failed');
    return toErrorResponse(c, error, c.get('requestId') ?? 'unknown');
  });

  assertEveryRouteListed(app.routes, routePermissions);
  return app;
}

export type App = ReturnType<typeof createApp>;

function routesWithRequiredBody(app: OpenAPIHono<AppEnv>): Set<string> {
  return new Set(
    documentedRoutes(app)
      .filter(({ route }) => route.request?.body?.required)
      .map(({ key }) => key),
  );
}
