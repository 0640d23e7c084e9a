import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { ROLES } from './roles';
import { routeAuthorizationMatrix, sampleUrl, type Principal } from './routeMatrix';
import { addApiToken, addUser, buildApp, manualClock, openStore, testRoutes } from './testFixture';

// The generated matrix: every route of the table × every role (and anonymous), through the real
// middleware. The app's test reuses routeAuthorizationMatrix with its full OpenAPI route table.
describe('route × role authorization matrix', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const headers = new Map<Principal, Record<string, string>>([['anonymous', {}]]);

  beforeAll(async () => {
    ({ store, dispose } = await openStore());
    for (const role of ROLES) {
      await addUser(store, role, [role]);
      headers.set(role, { authorization: `Bearer ${await addApiToken(store, role, [role])}` });
    }
  });
  afterAll(async () => {
    await dispose();
  });

  const cases = routeAuthorizationMatrix(testRoutes);

  it('covers every listed route for every principal', () => {
    expect(cases).toHaveLength(testRoutes.routes.size * (ROLES.length + 1));
  });

  it.each(cases.map((c) => [c.principal, c.route, c.expected, c] as const))(
    '%s → %s: %s',
    async (principal, _route, expected, testCase) => {
      const app = buildApp({ store, clock: manualClock() });
      const init: RequestInit = { method: testCase.method, headers: headers.get(principal) ?? {} };
      if (testCase.method !== 'GET')
        init.body = JSON.stringify({ email: 'nobody@example.com', password: 'x' });
      const response = await app.request(testCase.url, init);
      // A handler may answer 401/403 itself (sign-in with a wrong password); only authorize's codes count.
      const body: unknown = await response.json().catch(() => null);
      const code = typeof body === 'object' && body !== null && 'code' in body ? body.code : undefined;
      const denied =
        (response.status === 401 && code === 'UNAUTHENTICATED') ||
        (response.status === 403 && code === 'FORBIDDEN');
      if (expected === 'allow') expect(denied, `${response.status} ${String(code)}`).toBe(false);
      else
        expect([response.status, code]).toEqual([
          expected,
          expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        ]);
    },
  );

  it('writes sample URLs for parameters, regex parameters and wildcards', () => {
    expect(sampleUrl('/api/definitions/:id{[0-9]+}/versions/:version?')).toBe(
      '/api/definitions/1/versions/1',
    );
    expect(sampleUrl('/assets/*')).toBe('/assets/any');
  });
});
