import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, routeAuthorizationMatrix, type Principal } from '../auth';
import { routePermissions } from './routePermissions';
import { createTestApp, type TestApp } from './testApp';

// The generated matrix over THE app's table: every route × every role (and anonymous), through the
// real app. A route added to the table is covered without touching this file.
describe('the app: route × role authorization matrix', () => {
  let t: TestApp;
  beforeAll(async () => {
    // With the test clock's routes, so every listed route is registered.
    t = await createTestApp({ testClock: true });
    for (const role of ROLES) await t.user(role, [role]);
  });
  afterAll(() => t.rt.close());

  const cases = routeAuthorizationMatrix(routePermissions);

  it('covers every listed route for every principal', () => {
    expect(cases).toHaveLength(routePermissions.routes.size * (ROLES.length + 1));
  });

  it.each(cases.map((c) => [c.principal, c.route, c.expected, c] as const))(
    '%s → %s: %s',
    async (principal: Principal, _route, expected, testCase) => {
      const who = principal === 'anonymous' ? null : principal;
      const body = testCase.method === 'GET' || testCase.method === 'DELETE' ? undefined : {};
      const response = await t.call(who, testCase.method, testCase.url, body);
      const json: unknown = await response.json().catch(() => null);
      const code = typeof json === 'object' && json !== null && 'code' in json ? json.code : undefined;
      // Only the authorize middleware's answers count; a handler may refuse on its own afterwards.
      const denied =
        (response.status === 401 && code === 'UNAUTHENTICATED') ||
        (response.status === 403 && code === 'FORBIDDEN' && !isHandlerRefusal(json));
      if (expected === 'allow') expect(denied, `${response.status} ${JSON.stringify(json)}`).toBe(false);
      else
        expect([response.status, code]).toEqual([
          expected,
          expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        ]);
    },
  );
});

/** authorize() says "Your roles do not include…" or "not open to anyone"; anything else is a handler. */
function isHandlerRefusal(json: unknown): boolean {
  const message = typeof json === 'object' && json !== null && 'message' in json ? String(json.message) : '';
  return !/^Your roles do not include|not open to anyone/.test(message);
}
