import type { OpenAPIHono } from '@hono/zod-openapi';
import { isUnsafeMethod } from '../auth/csrf';
import { SESSION_COOKIE } from '../auth/sessionCookie';
import type { RoutePermissionTable } from '../auth';
import type { AppEnv } from './appEnv';

const INFO = {
  title: 'Flowline API',
  version: '1.0.0',
  description: [
    'Workflow automation runtime for IT service management.',
    '',
    'Authenticate with an API token (`Authorization: Bearer <token>`, from `POST /api/tokens`) or with the',
    `session cookie \`${SESSION_COOKIE}\` that \`POST /api/auth/sign-in\` sets. With the cookie, state-changing`,
    'requests (POST, PUT, PATCH, DELETE) must also carry `X-Requested-With` (any value): browsers cannot send',
    'it cross-origin without a preflight, which this API never grants. Errors have one shape (`Error`):',
    'a stable `code`, a sentence, and field-level `issues` for invalid input.',
  ].join('\n'),
};

const SECURITY_SCHEMES = {
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token from POST /api/tokens; it acts with its own roles, never more than its user has.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Set by POST /api/auth/sign-in (HttpOnly, SameSite=Lax).',
  },
  requestedWith: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Requested-With',
    description: 'Any value; required with the session cookie on POST, PUT, PATCH and DELETE.',
  },
} as const;

const toHonoPath = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1');

/**
 * The OpenAPI 3.1 document, from the routes' zod schemas plus what they cannot say: how to
 * authenticate (security schemes, per operation) and which permission each operation needs, read
 * from the one route → permission table so the document cannot disagree with the guard.
 */
export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>, permissions: RoutePermissionTable) {
  const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO });
  document.components = {
    ...document.components,
    // The generator renders z.json()'s recursion as a oneOf that null matches twice (so nothing
    // validates); "any JSON value" is the empty schema.
    schemas: { ...document.components?.schemas, JsonValue: { description: 'Any JSON value' } },
    securitySchemes: SECURITY_SCHEMES,
  };
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const access = permissions.routes.get(`${method.toUpperCase()} ${toHonoPath(template)}`);
      if (access === 'public') {
        operation.security = [];
        continue;
      }
      operation.security = [
        { bearerToken: [] },
        isUnsafeMethod(method) ? { sessionCookie: [], requestedWith: [] } : { sessionCookie: [] },
      ];
      if (access !== undefined && access !== 'authenticated') {
        operation['x-permission'] = access;
        operation.description = [operation.description, `Needs the permission \`${access}\`.`]
          .filter(Boolean)
          .join('\n\n');
      }
    }
  }
  return document;
}
