// Shared by the auth tests (never imported by production code): a real SQLite store on a temp file,
// a manual clock, users per role and a small Hono app wired the way the runtime wires auth.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { createSqliteStore, type Role, type Store, type User } from '../store';
import type { AuthEnv } from './authenticatedUser';
import { isAuthError } from './errors';
import { authenticate, authorize } from './middleware';
import { hashPassword } from './password';
import { defineRoutePermissions } from './routePermissions';
import { signIn } from './session';
import { setSessionCookie } from './sessionCookie';
import { newApiToken } from './tokens';

export const T0 = 1_750_000_000_000;
export const HOUR = 3_600_000;
export const PASSWORD = 'correct horse battery staple';
export const ORIGIN = 'https://flowline.example';

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = T0): ManualClock {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

export async function openStore(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'flowline-auth-'));
  const store = await createSqliteStore({ path: join(directory, 'store.db') });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

// Cheap parameters keep the suite fast; sign-in upgrades them, which is tested on its own.
const FAST = { N: 2 ** 10, r: 8, p: 1 };
let fastHash: Promise<string> | undefined;

export async function addUser(
  store: Store,
  id: string,
  roles: Role[],
  overrides: Partial<User> = {},
): Promise<User> {
  const user: User = {
    id,
    email: `${id}@example.com`,
    name: id,
    passwordHash: await (fastHash ??= hashPassword(PASSWORD, FAST)),
    roles,
    groups: [],
    disabled: false,
    createdAt: T0,
    ...overrides,
  };
  await store.createUser(user);
  return user;
}

export async function addApiToken(store: Store, userId: string, roles: Role[]): Promise<string> {
  const { token, tokenHash } = newApiToken();
  await store.createApiToken({
    id: `tok-${userId}-${roles.join('-')}`,
    tokenHash,
    name: 'test',
    userId,
    roles,
    createdAt: T0,
  });
  return token;
}

export const testRoutes = defineRoutePermissions(
  {
    'POST /api/auth/sign-in': 'public',
    'GET /api/me': 'authenticated',
    'GET /api/definitions': 'definitions:read',
    'POST /api/definitions': 'definitions:write',
    'GET /api/definitions/:id': 'definitions:read',
    'POST /api/definitions/:id/publish': 'definitions:publish',
    'POST /api/instances': 'instances:start',
    'POST /api/instances/:id/cancel': 'instances:cancel',
    'POST /api/tasks/:id/decide': 'tasks:decide',
    'POST /api/webhooks/:workflowId/:triggerId': 'public',
    'DELETE /api/users/:id': 'users:admin',
    'PUT /api/credentials/:id': 'credentials:write',
    'GET /api/metrics': 'metrics:read',
  },
  { middleware: ['*'] },
);

/** The app under test: every listed route answers 200 with its own pattern, plus one unlisted route. */
export function buildApp(deps: { store: Store; clock: ManualClock }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use(
    '*',
    authenticate({ store: deps.store, clock: deps.clock, publicOrigin: ORIGIN }),
    authorize(testRoutes),
  );
  app.post('/api/auth/sign-in', async (c) => {
    const body = await c.req.json<{ email: string; password: string }>();
    const signedIn = await signIn(deps, body);
    setSessionCookie(c, signedIn, { secure: true, now: deps.clock.now() });
    return c.json({ user: signedIn.user });
  });
  app.get('/api/me', (c) => c.json({ user: c.get('auth')?.user ?? null, via: c.get('auth')?.via ?? null }));
  for (const route of testRoutes.routes.keys()) {
    const [method = 'GET', path = '/'] = route.split(' ');
    if (path === '/api/auth/sign-in' || path === '/api/me') continue;
    app.on(method, path, (c) => c.json({ route }));
  }
  app.get('/api/unlisted', (c) => c.json({ secret: true }));
  app.onError((error, c) =>
    isAuthError(error)
      ? c.json({ code: error.code, message: error.message }, 401)
      : c.json({ code: 'INTERNAL' }, 500),
  );
  return app;
}

/** Signs in through the app and returns the session cookie header value. */
export async function signInCookie(app: Hono<AuthEnv>, email: string, password = PASSWORD): Promise<string> {
  const response = await app.request('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  const cookie = response.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}
