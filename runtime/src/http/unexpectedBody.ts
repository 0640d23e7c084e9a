import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AppError, type FieldIssue } from '../errors';
import type { AppEnv } from './appEnv';
import { hasNoBody } from './bodySize';
import { documentedRoutes } from './documentedRoutes';
import { errorBody } from './errorResponse';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const TAKES_NONE = 'this endpoint takes no body';
/** A body refused as a whole (not a JSON object, not JSON, not JSON's type) where none is taken. */
export const WHOLE_BODY_ISSUE: FieldIssue = { path: '(body)', message: `Send no body: ${TAKES_NONE}` };

export const noBodyRefusal = (issues: readonly FieldIssue[]) =>
  new AppError('INVALID_INPUT', `The request is not valid: ${TAKES_NONE}`, { issues });

/** Whether a request matched a documented write that declares no body (the registry is read on first use). */
export function bodylessRouteMatcher(app: OpenAPIHono<AppEnv>): (c: Context) => boolean {
  let bodyless: ReadonlySet<string> | undefined;
  return (c) => {
    bodyless ??= routesWithoutBody(app);
    return matchedRoutes(c).some((route) => bodyless!.has(`${route.method} ${route.path}`));
  };
}

/**
 * Refuses a body sent to a documented route that takes none: `{"reason": "…"}` on deactivate
 * would otherwise be dropped unread and the request carried out without it, as unknown body
 * fields and query parameters are refused elsewhere. No body, an empty one and `{}` pass (clients
 * send `{}` with a JSON type out of habit). Routes that declare a body (webhooks take any JSON) and
 * routes outside the OpenAPI document are left alone.
 */
export function refuseUnexpectedBody(app: OpenAPIHono<AppEnv>): MiddlewareHandler<AppEnv> {
  const takesNoBody = bodylessRouteMatcher(app);
  return async (c, next) => {
    if (!WRITES.has(c.req.method) || hasNoBody(c) || !takesNoBody(c)) return next();
    const issues = issuesOf(await c.req.text());
    if (issues.length === 0) return next();
    return c.json(errorBody(noBodyRefusal(issues)), 400);
  };
}

/** One issue per field sent, or one for the body itself when it is not a JSON object; none when empty. */
function issuesOf(text: string): FieldIssue[] {
  if (text.trim() === '') return [];
  let sent: unknown;
  try {
    sent = JSON.parse(text);
  } catch {
    sent = text;
  }
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return [WHOLE_BODY_ISSUE];
  return Object.keys(sent).map((key) => ({ path: key, message: `Unknown field "${key}": ${TAKES_NONE}` }));
}

/** "METHOD /path/:param" of every documented route that declares no request body. */
function routesWithoutBody(app: OpenAPIHono<AppEnv>): Set<string> {
  return new Set(
    documentedRoutes(app)
      .filter(({ route }) => route.request?.body === undefined)
      .map(({ key }) => key),
  );
}
