import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  AuthError,
  isAuthError,
  changeOwnPassword,
  clearSessionCookie,
  createSignInThrottle,
  socketAddress,
  readSessionCookie,
  setSessionCookie,
  signIn,
  signOut,
  PERMISSIONS,
  permissionsOf,
  type Role,
} from '../../auth';
import { AppError } from '../../errors';
import type { Away } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { body, errors, json } from '../schemas';
import { AwayView, awayViewOf } from './away';

const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    groups: z.array(z.string()),
    mustChangePassword: z
      .boolean()
      .describe('Until the password is changed (POST /api/auth/password) nothing else is open'),
    permissions: z
      .array(z.enum(PERMISSIONS))
      .describe('What the roles grant together, so a client shows only what the user may do'),
    away: AwayView.optional().describe('The out-of-office setting, while one is kept (PUT /api/me/away)'),
  })
  .openapi('Me');

/** Sign in (session cookie for the designer), sign out, who am I. */
export function sessionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;
  const clientAddress = deps.clientAddress ?? socketAddress;
  const awayOf = async (away: Away | undefined) => {
    const view = await awayViewOf(store, away, deps.clock.now());
    return view ? { away: view } : {};
  };
  // Every password check (sign-in, the current password of a change) counts against the account.
  const throttle = createSignInThrottle({ clock: deps.sessionClock ?? deps.clock });
  const throttled = (c: Context, email: string): void => {
    const verdict = throttle.check(email, clientAddress(c));
    if (verdict.ok) return;
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    c.header('Retry-After', String(seconds));
    throw new AppError(
      'RATE_LIMITED',
      `Too many wrong passwords for this account; try again in ${seconds} s.`,
      {
        retryAfterSeconds: seconds,
      },
    );
  };
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/sign-in',
      tags: ['auth'],
      request: body(z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) })),
      responses: { 200: json(MeSchema, 'Signed in; the session cookie is set'), ...errors },
    }),
    async (c) => {
      const credentials = c.req.valid('json');
      throttled(c, credentials.email);
      try {
        const signedIn = await signIn({ store, clock: deps.sessionClock ?? deps.clock }, credentials);
        throttle.succeeded(credentials.email, clientAddress(c));
        setSessionCookie(c, signedIn, {
          secure: deps.secureCookies,
          now: (deps.sessionClock ?? deps.clock).now(),
        });
        const { user } = signedIn;
        return c.json(
          {
            id: user.id,
            email: user.email,
            name: user.name,
            roles: user.roles,
            groups: user.groups,
            mustChangePassword: user.mustChangePassword ?? false,
            permissions: [...permissionsOf(user.roles)],
            ...(await awayOf(user.away)),
          },
          200,
        );
      } catch (error) {
        if (error instanceof AuthError) {
          throttle.failed(credentials.email, clientAddress(c));
          throw new AppError('UNAUTHENTICATED', error.message);
        }
        throw error;
      }
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/sign-out',
      tags: ['auth'],
      responses: { 204: { description: 'Signed out' }, ...errors },
    }),
    async (c) => {
      const token = readSessionCookie(c);
      if (token) await signOut({ store }, token);
      clearSessionCookie(c, { secure: deps.secureCookies });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password',
      tags: ['auth'],
      request: body(z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) })),
      responses: {
        204: {
          description:
            'Changed; every session of the user ends, so sign in again. Wrong current passwords count against the account like failed sign-ins (429 with Retry-After).',
        },
        ...errors,
      },
    }),
    async (c) => {
      const user = currentUser(c);
      throttled(c, user.email);
      try {
        await changeOwnPassword({ store }, user.id, c.req.valid('json'));
      } catch (error) {
        if (isAuthError(error, 'INVALID_CREDENTIALS')) throttle.failed(user.email, clientAddress(c));
        if (
          error instanceof AuthError &&
          (error.code === 'INVALID_CREDENTIALS' || error.code === 'WEAK_PASSWORD')
        ) {
          const path = error.code === 'INVALID_CREDENTIALS' ? 'current' : 'next';
          throw new AppError('INVALID_INPUT', error.message, { issues: [{ path, message: error.message }] });
        }
        throw error;
      }
      clearSessionCookie(c, { secure: deps.secureCookies });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/me',
      tags: ['auth'],
      responses: { 200: json(MeSchema, 'The signed-in user'), ...errors },
    }),
    async (c) => {
      const user = currentUser(c);
      const roles: readonly Role[] = c.get('auth')?.roles ?? [];
      return c.json(
        {
          id: user.id,
          email: user.email,
          name: user.name,
          roles: [...roles],
          groups: user.groups,
          mustChangePassword: user.mustChangePassword ?? false,
          permissions: [...permissionsOf(roles)],
          ...(await awayOf(user.away)),
        },
        200,
      );
    },
  );
}
