import { AuthError } from './errors';
import { isPermission, type Permission } from './roles';

/** What a route needs: a permission, any signed-in user, or nobody at all ('public'). */
export type RouteAccess = Permission | 'authenticated' | 'public';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'ALL';
/** `METHOD /path` with Hono's path syntax, exactly as registered (`/api/definitions/:id`). */
export type RouteKey = `${RouteMethod} /${string}`;

/** A registered route as Hono reports it (`app.routes`, `matchedRoutes(c)`). */
export interface RegisteredRoute {
  method: string;
  path: string;
  handler?: unknown;
}

export interface RoutePermissionTable {
  readonly routes: ReadonlyMap<string, RouteAccess>;
  /** Paths registered with `app.use(...)`: they wrap endpoints and never answer on their own. */
  readonly middleware: ReadonlySet<string>;
  /** Route keys a session whose password must change may still use (sign out, change it, me). */
  readonly beforePasswordChange: ReadonlySet<string>;
}

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'ALL']);

/**
 * The one route → permission table. Anything not in it is denied.
 *
 * @example
 * ```ts
 * export const routePermissions = defineRoutePermissions(
 *   {
 *     'GET /api/definitions': 'definitions:read',
 *     'POST /api/definitions/:id/publish': 'definitions:publish',
 *     'POST /api/webhooks/:workflowId/:triggerId': 'public',
 *     'GET /api/me': 'authenticated',
 *   },
 *   { middleware: ['*', '/api/*'] },
 * );
 * ```
 */
export function defineRoutePermissions(
  routes: Readonly<Record<RouteKey, RouteAccess>>,
  options: { middleware?: readonly string[]; beforePasswordChange?: readonly RouteKey[] } = {},
): RoutePermissionTable {
  const table = new Map<string, RouteAccess>();
  for (const [key, access] of Object.entries(routes)) {
    const [method, path, extra] = key.split(' ');
    if (method === undefined || !METHODS.has(method) || !path?.startsWith('/') || extra !== undefined) {
      throw new TypeError(`Route key "${key}" is not "METHOD /path".`);
    }
    if (access !== 'public' && access !== 'authenticated' && !isPermission(access)) {
      throw new TypeError(`Route "${key}" names an unknown permission "${String(access)}".`);
    }
    table.set(key, access);
  }
  // Hono records `app.use('*', …)` as '/*'; accept either spelling.
  const middleware = (options.middleware ?? []).map((path) => (path === '*' ? '/*' : path));
  for (const key of options.beforePasswordChange ?? []) {
    if (!table.has(key))
      throw new TypeError(`Route "${key}" is open before a password change but not listed.`);
  }
  return {
    routes: table,
    middleware: new Set(middleware),
    beforePasswordChange: new Set(options.beforePasswordChange ?? []),
  };
}

const routeKey = (route: RegisteredRoute): string => `${route.method} ${route.path}`;

const isDeclaredMiddleware = (table: RoutePermissionTable, route: RegisteredRoute): boolean =>
  route.method === 'ALL' && table.middleware.has(route.path);

/** The access a (method, matched route path) pair needs, or undefined when the table does not list it. */
export const lookupRouteAccess = (
  table: RoutePermissionTable,
  method: string,
  routePath: string,
): RouteAccess | undefined => table.routes.get(`${method} ${routePath}`);

export type RouteDecision =
  | { kind: 'listed'; access: RouteAccess[]; routes: string[] }
  /** A matched endpoint is missing from the table. */
  | { kind: 'unlisted'; routes: string[] }
  /** Only middleware matched: no endpoint would answer. */
  | { kind: 'no-endpoint' };

/**
 * Decides from the routes the router matched (never from the raw URL). When several endpoints match
 * one request (`/definitions/stats` and `/definitions/:id`), either might answer, so all of their
 * requirements apply.
 */
export function resolveRouteAccess(
  table: RoutePermissionTable,
  matched: readonly RegisteredRoute[],
): RouteDecision {
  const access: RouteAccess[] = [];
  const listed: string[] = [];
  const unlisted: string[] = [];
  for (const route of matched) {
    const needed = table.routes.get(routeKey(route));
    if (needed !== undefined) {
      access.push(needed);
      listed.push(routeKey(route));
    } else if (!isDeclaredMiddleware(table, route)) unlisted.push(routeKey(route));
  }
  if (unlisted.length > 0) return { kind: 'unlisted', routes: unlisted };
  return access.length > 0 ? { kind: 'listed', access, routes: listed } : { kind: 'no-endpoint' };
}

/** Marks the authorize middleware so the startup check can see that it runs before every route. */
export const AUTHORIZE_MARK: unique symbol = Symbol('flowline.authorize');

const isAuthorizeMiddleware = (route: RegisteredRoute): boolean =>
  route.method === 'ALL' &&
  route.path === '/*' &&
  typeof route.handler === 'function' &&
  AUTHORIZE_MARK in route.handler;

/**
 * Call once at startup with `app.routes`: throws AuthError('ROUTE_NOT_LISTED') when a registered
 * route is missing from the table, or when `authorize(table)` is not registered on '*' before the
 * first route, so a new route cannot ship unprotected. Returns table entries that match no route.
 *
 * @example
 * ```ts
 * const app = createApp(deps);
 * assertEveryRouteListed(app.routes, routePermissions);
 * ```
 */
export function assertEveryRouteListed(
  routes: readonly RegisteredRoute[],
  table: RoutePermissionTable,
): { stale: string[] } {
  const guardIndex = routes.findIndex(isAuthorizeMiddleware);
  const problems: string[] = [];
  routes.forEach((route, index) => {
    if (isAuthorizeMiddleware(route) || isDeclaredMiddleware(table, route)) return;
    if (!table.routes.has(routeKey(route))) problems.push(`${routeKey(route)} is not in the route table`);
    else if (guardIndex === -1 || guardIndex > index) {
      problems.push(`${routeKey(route)} is registered before authorize(table) on '*'`);
    }
  });
  if (problems.length > 0) {
    throw new AuthError('ROUTE_NOT_LISTED', `Unprotected routes:\n  ${[...new Set(problems)].join('\n  ')}`);
  }
  const registered = new Set(routes.map(routeKey));
  return { stale: [...table.routes.keys()].filter((key) => !registered.has(key)) };
}
