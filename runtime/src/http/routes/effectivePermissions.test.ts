import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testApp';

// Every privilege decision reads the caller's EFFECTIVE roles: a token's roles that its user still
// has, read at request time — including what the caller may grant.
describe('effective permissions (token ∩ user)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('dan', ['designer']);
  });
  afterEach(() => t.rt.close());

  it('refuses a narrowed token that tries to mint a broader one', async () => {
    await t.token('ada', ['viewer'], 'ada-viewer');
    const broader = await t.call('ada-viewer', 'POST', '/api/tokens', { name: 'ci', roles: ['admin'] });
    expect(broader.status).toBe(403);
    expect(await broader.json()).toMatchObject({ code: 'FORBIDDEN', issues: [{ path: 'roles' }] });
    const designer = await t.call('ada-viewer', 'POST', '/api/tokens', { name: 'ci', roles: ['designer'] });
    expect(designer.status).toBe(403);
    const same = await t.call('ada-viewer', 'POST', '/api/tokens', { name: 'ci', roles: ['viewer'] });
    expect(same.status).toBe(201);
    const me = await t.call('ada-viewer', 'GET', '/api/auth/me');
    expect(await me.json()).toMatchObject({ id: 'ada', roles: ['viewer'] });
  });

  it('lets a caller hand out a narrower token, compared by permission rather than role name', async () => {
    expect((await t.call('dan', 'POST', '/api/tokens', { name: 'ci', roles: ['approver'] })).status).toBe(
      201,
    );
    expect((await t.call('dan', 'POST', '/api/tokens', { name: 'ci', roles: ['admin'] })).status).toBe(403);
  });

  it('narrows a token at once when its user is demoted, and it grants nothing beyond the demotion', async () => {
    await t.user('root', ['admin']);
    const demoted = await t.call('root', 'PATCH', '/api/users/ada', { roles: ['viewer'] });
    expect(demoted.status).toBe(200);
    expect((await t.call('ada', 'GET', '/api/users')).status).toBe(403);
    expect((await t.call('ada', 'POST', '/api/tokens', { name: 'x', roles: ['admin'] })).status).toBe(403);
    expect((await t.call('ada', 'POST', '/api/tokens', { name: 'x', roles: ['viewer'] })).status).toBe(403);
    expect(await (await t.call('ada', 'GET', '/api/auth/me')).json()).toMatchObject({ roles: [] });
    const session = await t.signIn('ada@example.com', TEST_PASSWORD);
    expect((await session.session('POST', '/api/tokens', { name: 'x', roles: ['admin'] })).status).toBe(403);
    expect((await session.session('POST', '/api/tokens', { name: 'x', roles: ['viewer'] })).status).toBe(201);
  });

  it('decides routes on the effective roles too: an admin user acting through a viewer token is a viewer', async () => {
    await t.token('ada', ['viewer'], 'ada-viewer');
    expect((await t.call('ada-viewer', 'GET', '/api/users')).status).toBe(403);
    expect((await t.call('ada-viewer', 'PATCH', '/api/users/dan', { roles: ['admin'] })).status).toBe(403);
    expect(
      (await t.call('ada-viewer', 'PUT', '/api/users/dan/password', { password: 'x'.repeat(20) })).status,
    ).toBe(403);
    expect((await t.call('ada-viewer', 'GET', '/api/definitions')).status).toBe(200);
  });
});
