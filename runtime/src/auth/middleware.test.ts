import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import type { AuthEnv } from './authenticatedUser';
import { authenticate, authorize } from './middleware';
import { assertEveryRouteListed } from './routePermissions';
import {
  HOUR,
  ORIGIN,
  addApiToken,
  addUser,
  buildApp,
  manualClock,
  openStore,
  signInCookie,
  testRoutes,
  type ManualClock,
} from './testFixture';

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;
let app: Hono<AuthEnv>;

beforeEach(async () => {
  ({ store, dispose } = await openStore());
  clock = manualClock();
  app = buildApp({ store, clock });
});
afterEach(async () => {
  await dispose();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (headers: Record<string, string>) => ({ method: 'POST', headers });

describe('authenticate with an API token', () => {
  it('accepts a valid bearer token and reports how the caller signed in', async () => {
    await addUser(store, 'dora', ['designer']);
    const token = await addApiToken(store, 'dora', ['designer']);
    const response = await app.request('/api/me', { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { id: 'dora' }, via: 'token' });
  });

  it('never exposes the password hash on the context', async () => {
    await addUser(store, 'dora', ['designer']);
    const token = await addApiToken(store, 'dora', ['designer']);
    const body = await (await app.request('/api/me', { headers: bearer(token) })).json();
    expect(JSON.stringify(body)).not.toContain('scrypt');
  });

  it('treats an unknown, malformed or non-bearer credential as anonymous', async () => {
    for (const authorization of ['Bearer flt_' + 'x'.repeat(43), 'Bearer nonsense', 'Basic YTpi', '']) {
      const response = await app.request('/api/definitions', { headers: { authorization } });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('acts with only the roles both the token and its owner still have', async () => {
    await addUser(store, 'dora', ['designer']);
    const token = await addApiToken(store, 'dora', ['admin', 'designer']);
    expect((await app.request('/api/users/1', { method: 'DELETE', headers: bearer(token) })).status).toBe(
      403,
    );
    expect((await app.request('/api/definitions/1/publish', post(bearer(token)))).status).toBe(200);
  });

  it('is exempt from the cross-site check', async () => {
    await addUser(store, 'dora', ['designer']);
    const token = await addApiToken(store, 'dora', ['designer']);
    const response = await app.request(
      '/api/definitions',
      post({ ...bearer(token), origin: 'https://evil.example' }),
    );
    expect(response.status).toBe(200);
  });

  it('refuses the token of a user disabled after it was issued', async () => {
    await addUser(store, 'dora', ['designer']);
    const token = await addApiToken(store, 'dora', ['designer']);
    await store.updateUser('dora', { disabled: true });
    expect((await app.request('/api/me', { headers: bearer(token) })).status).toBe(401);
  });
});

describe('authenticate with a session cookie', () => {
  it('signs in, sets an HttpOnly SameSite=Lax Secure cookie, and recognises it', async () => {
    await addUser(store, 'vera', ['viewer']);
    const response = await app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: 'vera@example.com', password: 'correct horse battery staple' }),
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^flowline_session=fls_/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Secure');
    const cookie = setCookie.split(';')[0] ?? '';
    expect(await (await app.request('/api/me', { headers: { cookie } })).json()).toMatchObject({
      user: { id: 'vera' },
      via: 'session',
    });
  });

  it('answers 401 to a wrong password', async () => {
    await addUser(store, 'vera', ['viewer']);
    await expect(signInCookie(app, 'vera@example.com', 'not the password at all')).rejects.toThrow('401');
  });

  it('refuses a disabled user at once, even with a session that has not expired', async () => {
    await addUser(store, 'vera', ['viewer']);
    const cookie = await signInCookie(app, 'vera@example.com');
    expect((await app.request('/api/definitions', { headers: { cookie } })).status).toBe(200);
    await store.updateUser('vera', { disabled: true });
    expect((await app.request('/api/definitions', { headers: { cookie } })).status).toBe(401);
  });

  it('applies a removed role on the very next request', async () => {
    await addUser(store, 'dan', ['designer']);
    const cookie = await signInCookie(app, 'dan@example.com');
    const publish = () => app.request('/api/definitions/1/publish', post({ cookie, origin: ORIGIN }));
    expect((await publish()).status).toBe(200);
    await store.updateUser('dan', { roles: ['viewer'] });
    expect((await publish()).status).toBe(403);
  });

  it('expires after 12 hours without a request', async () => {
    await addUser(store, 'vera', ['viewer']);
    const cookie = await signInCookie(app, 'vera@example.com');
    clock.advance(12 * HOUR);
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(401);
  });

  it('slides while in use, but ends 7 days after sign-in whatever the activity', async () => {
    await addUser(store, 'vera', ['viewer']);
    const cookie = await signInCookie(app, 'vera@example.com');
    for (let hours = 10; hours < 7 * 24; hours += 10) {
      clock.advance(10 * HOUR);
      expect((await app.request('/api/me', { headers: { cookie } })).status, `after ${hours} h`).toBe(200);
    }
    clock.advance(10 * HOUR);
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(401);
  });

  it('ends at sign-out (the stored session is deleted)', async () => {
    await addUser(store, 'vera', ['viewer']);
    const cookie = await signInCookie(app, 'vera@example.com');
    await store.deleteUserSessions('vera');
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(401);
  });
});

describe('cross-site request protection for cookie sessions', () => {
  let cookie: string;
  beforeEach(async () => {
    await addUser(store, 'dan', ['designer']);
    cookie = await signInCookie(app, 'dan@example.com');
  });

  it('refuses a cookie POST without Origin, Sec-Fetch-Site or X-Requested-With', async () => {
    const response = await app.request('/api/definitions', post({ cookie }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a cookie POST from another origin, even with X-Requested-With', async () => {
    const headers = { cookie, origin: 'https://evil.example', 'x-requested-with': 'fetch' };
    expect((await app.request('/api/definitions', post(headers))).status).toBe(403);
    const sameSite = { cookie, 'sec-fetch-site': 'same-site', 'x-requested-with': 'fetch' };
    expect((await app.request('/api/definitions', post(sameSite))).status).toBe(403);
  });

  it('accepts our own origin, Sec-Fetch-Site: same-origin, or X-Requested-With', async () => {
    for (const extra of [
      { origin: ORIGIN },
      { 'sec-fetch-site': 'same-origin' },
      { 'x-requested-with': 'fetch' },
    ]) {
      expect((await app.request('/api/definitions', post({ cookie, ...extra }))).status).toBe(200);
    }
  });

  it('lets safe methods through without any of them', async () => {
    expect((await app.request('/api/definitions', { headers: { cookie } })).status).toBe(200);
  });
});

describe('authorize by the matched route', () => {
  it('denies a route missing from the table: 401 anonymous, 403 signed in', async () => {
    await addUser(store, 'ada', ['admin']);
    const token = await addApiToken(store, 'ada', ['admin']);
    expect((await app.request('/api/unlisted')).status).toBe(401);
    const response = await app.request('/api/unlisted', { headers: bearer(token) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a viewer read but not write', async () => {
    await addUser(store, 'vera', ['viewer']);
    const token = await addApiToken(store, 'vera', ['viewer']);
    expect((await app.request('/api/definitions', { headers: bearer(token) })).status).toBe(200);
    expect((await app.request('/api/definitions', post(bearer(token)))).status).toBe(403);
  });

  it('lets an approver decide a task and start an instance, but not publish', async () => {
    await addUser(store, 'abe', ['approver']);
    const token = await addApiToken(store, 'abe', ['approver']);
    expect((await app.request('/api/tasks/t1/decide', post(bearer(token)))).status).toBe(200);
    expect((await app.request('/api/instances', post(bearer(token)))).status).toBe(200);
    expect((await app.request('/api/definitions/d1/publish', post(bearer(token)))).status).toBe(403);
  });

  it('lets anyone reach a public route', async () => {
    expect((await app.request('/api/webhooks/wf/tr', { method: 'POST' })).status).toBe(200);
  });

  it.each([
    ['GET', '/api/definitions/'],
    ['GET', '/api//definitions'],
    ['GET', '/API/definitions'],
    ['GET', '/api/definitions/..%2F'],
    ['GET', '/api/definitions/%2e%2e/'],
    ['POST', '/api/definitions/1/publish/'],
    ['POST', '/api/webhooks/wf/tr/../../../definitions'],
    ['POST', '/api/webhooks/wf/..%2F..%2Fdefinitions%2F1%2Fpublish'],
    ['GET', '/api/unlisted/'],
    ['OPTIONS', '/api/definitions'],
  ])(
    'does not let %s %s past an anonymous caller unless its matched route is public',
    async (method, url) => {
      const response = await app.request(url, { method });
      if (response.status === 200) {
        // Only the public webhook route may answer, and then it is the webhook handler answering.
        expect(await response.json()).toEqual({ route: 'POST /api/webhooks/:workflowId/:triggerId' });
      } else {
        expect(response.status).toBe(401);
      }
    },
  );

  it('requires the permissions of every endpoint a request matches', async () => {
    const overlapping = new Hono<AuthEnv>();
    const table = {
      ...testRoutes,
      routes: new Map([...testRoutes.routes, ['GET /api/definitions/stats', 'metrics:read' as const]]),
    };
    overlapping.use('*', authenticate({ store, clock }), authorize(table));
    overlapping.get('/api/definitions/stats', (c) => c.text('stats'));
    overlapping.get('/api/definitions/:id', (c) => c.text('one'));
    await addUser(store, 'vera', ['viewer']);
    const token = await addApiToken(store, 'vera', ['viewer']);
    expect((await overlapping.request('/api/definitions/stats', { headers: bearer(token) })).status).toBe(
      200,
    );
    expect((await overlapping.request('/api/definitions/stats')).status).toBe(401);
  });
});

describe('assertEveryRouteListed', () => {
  it('throws when a registered route is not in the table', () => {
    expect(() => assertEveryRouteListed(app.routes, testRoutes)).toThrow(
      /GET \/api\/unlisted is not in the route table/,
    );
  });

  it('passes when every route is listed and authorize runs first, reporting stale entries', () => {
    const listed = new Hono<AuthEnv>();
    listed.use('*', authenticate({ store, clock }), authorize(testRoutes));
    listed.get('/api/definitions', (c) => c.text('ok'));
    expect(assertEveryRouteListed(listed.routes, testRoutes).stale).toContain('POST /api/definitions');
  });

  it('throws when authorize is missing or registered after a route', () => {
    const unguarded = new Hono<AuthEnv>();
    unguarded.get('/api/definitions', (c) => c.text('ok'));
    expect(() => assertEveryRouteListed(unguarded.routes, testRoutes)).toThrow(/before authorize/);
    unguarded.use('*', authorize(testRoutes));
    expect(() => assertEveryRouteListed(unguarded.routes, testRoutes)).toThrow(/before authorize/);
  });
});
