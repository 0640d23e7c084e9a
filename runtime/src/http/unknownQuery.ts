import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AppError } from '../errors';
import type { AppEnv } from './appEnv';
import { documentedRoutes } from './documentedRoutes';
import { errorBody } from './errorResponse';

/**
 * Refuses query parameters a documented route does not take, and any given twice. Zod objects drop unknown keys, so
 * `?stauts=failed` or `?limt=5` would otherwise answer as if no filter were asked for: a caller
 * reads the whole list and never learns of the typo. Routes outside the OpenAPI document (the
 * designer's pages, health, streams) are left alone.
 */
export function refuseUnknownQuery(
  app: OpenAPIHono<AppEnv>,
  options: {
    /**
     * Routes called by other systems, configured once and not watched by a person: parameters
     * of their own (`?source=jira`) are let through, as peers' webhooks do, while a documented one
     * given twice is still refused.
     */
    readonly lenient?: readonly string[];
  } = {},
): MiddlewareHandler<AppEnv> {
  const lenient = new Set(options.lenient ?? []);
  // Read from the registry on the first request, once every route is registered.
  let taken: ReadonlyMap<string, ReadonlySet<string>> | undefined;
  return async (c, next) => {
    // Most calls carry no query at all: they pay no URL parse.
    if (!c.req.url.includes('?')) return next();
    const search = new URL(c.req.url).searchParams;
    if (search.size === 0) return next();
    taken ??= documentedQueryKeys(app);
    const route = routeQueryKeys(c, taken);
    if (!route) return next();
    const { key: routeKey, keys: allowed } = route;
    const keys = [...new Set(search.keys())];
    const unknown = lenient.has(routeKey) ? [] : keys.filter((key) => !allowed.has(key));
    // Every parameter takes one value: a second one would reach the schema as a list ("expected
    // number, received NaN"), and which of the two counts would be a guess.
    const repeated = keys.filter((key) => allowed.has(key) && search.getAll(key).length > 1);
    if (unknown.length === 0 && repeated.length === 0) return next();
    const takes =
      allowed.size === 0
        ? 'this endpoint takes no query parameters'
        : `this endpoint takes ${[...allowed].sort().join(', ')}`;
    return c.json(
      errorBody(
        new AppError('INVALID_INPUT', 'The request is not valid', {
          issues: [
            ...unknown.map((key) => ({ path: key, message: `Unknown query parameter: ${takes}` })),
            ...repeated.map((key) => ({ path: key, message: 'Given more than once: give it once' })),
          ],
        }),
      ),
      400,
    );
  };
}

/** The documented route the request matched ("METHOD /path") and its query keys; undefined when none. */
function routeQueryKeys(
  c: Context,
  taken: ReadonlyMap<string, ReadonlySet<string>>,
): { key: string; keys: ReadonlySet<string> } | undefined {
  for (const route of matchedRoutes(c)) {
    const key = `${route.method} ${route.path}`;
    const keys = taken.get(key);
    if (keys) return { key, keys };
  }
  return undefined;
}

/** "METHOD /path/:param" → the query keys its schema declares (none when it declares no query). */
function documentedQueryKeys(app: OpenAPIHono<AppEnv>): Map<string, ReadonlySet<string>> {
  const taken = new Map<string, ReadonlySet<string>>();
  for (const { key, route } of documentedRoutes(app)) {
    const query = route.request?.query;
    const shape = query && 'shape' in query ? (query.shape as Record<string, unknown>) : undefined;
    // A query schema this cannot read (not an object) is left to its own validator.
    if (query && !shape) continue;
    taken.set(key, new Set(Object.keys(shape ?? {})));
  }
  return taken;
}
