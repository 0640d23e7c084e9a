import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { UserStore } from '../store';
import { bearerToken, resolveApiToken } from './apiTokenAuth';
import { withoutPasswordHash, type AuthEnv, type Authentication } from './authenticatedUser';
import type { Clock } from './clock';
import { isSameOriginRequest, isUnsafeMethod } from './csrf';
import { hasPermission } from './roles';
import { AUTHORIZE_MARK, resolveRouteAccess, type RoutePermissionTable } from './routePermissions';
import { resumeSession, type SessionPolicy } from './session';
import { readSessionCookie } from './sessionCookie';

export interface AuthenticateOptions {
  store: UserStore;
  clock: Clock;
  /** `https://flowline.example.com`: cookie-authenticated writes must come from here. Defaults to the request's own origin. */
  publicOrigin?: string;
  session?: SessionPolicy;
}

type DenialCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PASSWORD_CHANGE_REQUIRED';

const deny = (c: Context, code: DenialCode, message: string): Response =>
  c.json({ code, message }, code === 'UNAUTHENTICATED' ? 401 : 403);

async function identify(c: Context, options: AuthenticateOptions): Promise<Authentication | null | Response> {
  const header = c.req.header('authorization');
  // An Authorization header, valid or not, is the only credential considered: no silent fallback to a cookie.
  if (header !== undefined) {
    const token = bearerToken(header);
    const found = token === null ? null : await resolveApiToken(options, token);
    if (!found) return null;
    return {
      // The token's narrowing rides on the user too, so no handler can read the broader set by mistake.
      user: { ...withoutPasswordHash(found.user), roles: found.roles },
      roles: found.roles,
      via: 'token',
      tokenId: found.tokenId,
    };
  }
  const token = readSessionCookie(c);
  if (token === undefined) return null;
  // Cookies ride along on requests other sites make us send; bearer tokens never do.
  if (isUnsafeMethod(c.req.method)) {
    const headers = {
      origin: c.req.header('origin'),
      secFetchSite: c.req.header('sec-fetch-site'),
      requestedWith: c.req.header('x-requested-with'),
    };
    if (!isSameOriginRequest(headers, options.publicOrigin ?? new URL(c.req.url).origin)) {
      return deny(
        c,
        'FORBIDDEN',
        'Cross-site request refused: send it from the Flowline origin or with X-Requested-With.',
      );
    }
  }
  const session = await resumeSession(
    { store: options.store, clock: options.clock, ...(options.session && { policy: options.session }) },
    token,
  );
  if (!session) return null;
  return {
    user: withoutPasswordHash(session.user),
    roles: session.user.roles,
    via: 'session',
    sessionId: session.sessionId,
  };
}

/**
 * Identifies the caller from `Authorization: Bearer flt_…` or the `flowline_session` cookie and
 * sets `c.get('auth')` (null when anonymous). The user is read from the store on every request, so
 * disabling a user or removing a role takes effect on their next request. It never refuses an
 * anonymous caller (that is `authorize`'s job) except a cross-site cookie write (403).
 *
 * @example
 * ```ts
 * const app = new Hono<AuthEnv>();
 * app.use('*', authenticate({ store, clock, publicOrigin: config.publicOrigin }), authorize(routePermissions));
 * app.get('/api/me', (c) => c.json(c.get('auth')?.user));
 * assertEveryRouteListed(app.routes, routePermissions);
 * ```
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AuthEnv> {
  return async function authenticate(c, next) {
    const result = await identify(c, options);
    if (result instanceof Response) return result;
    c.set('auth', result);
    await next();
  };
}

/**
 * Allows the request only when the route the router MATCHED is in the table and the caller's
 * current roles grant its permission. Unlisted routes are denied: 401 when anonymous, 403 when
 * signed in; a path no endpoint serves is 404 for a signed-in caller. Register it on '*' right after `authenticate`, before any route.
 */
export function authorize(table: RoutePermissionTable): MiddlewareHandler<AuthEnv> {
  const middleware: MiddlewareHandler<AuthEnv> = async function authorize(c, next) {
    const auth = c.get('auth') ?? null;
    const decision = resolveRouteAccess(table, matchedRoutes(c));
    // No endpoint at all: a signed-in caller hears 404 from the not-found handler (no handler runs).
    if (decision.kind === 'no-endpoint' && auth) return next();
    if (decision.kind !== 'listed') {
      return auth
        ? deny(c, 'FORBIDDEN', 'This route is not open to anyone.')
        : deny(c, 'UNAUTHENTICATED', 'Sign in first.');
    }
    // A password someone else chose (the first start's, an admin's reset) is for changing, not for work.
    if (
      auth?.via === 'session' &&
      auth.user.mustChangePassword &&
      decision.routes.some((route) => !table.beforePasswordChange.has(route))
    ) {
      return deny(c, 'PASSWORD_CHANGE_REQUIRED', 'Change your password first: POST /api/auth/password.');
    }
    for (const access of decision.access) {
      if (access === 'public') continue;
      if (!auth) return deny(c, 'UNAUTHENTICATED', 'Sign in first.');
      if (access !== 'authenticated' && !hasPermission(auth.roles, access)) {
        return deny(c, 'FORBIDDEN', `Your roles do not include the permission ${access}.`);
      }
    }
    await next();
  };
  return Object.assign(middleware, { [AUTHORIZE_MARK]: true });
}
