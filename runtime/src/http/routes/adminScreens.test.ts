import { createBuiltinConnectors } from '@flowline/connectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testApp';

// What the administration screens rely on: editing a connection without ever reading its secrets
// back, and deactivating a user, which ends their sessions and API tokens at once.
describe('the administration API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ connectors: createBuiltinConnectors({ network: { allowLoopback: true } }) });
    await t.user('ada', ['admin']);
    await t.user('dan', ['designer']);
    await t.user('bob', ['approver']);
  });
  afterAll(async () => t.close());

  const save = async (body: unknown) => {
    const answer = await t.call('ada', 'PUT', '/api/connections/servicenow/prod', body);
    expect(answer.status, await answer.clone().text()).toBe(200);
    return ((await answer.json()) as { id: string }).id;
  };

  it('shows a connection to edit: its settings and which credentials are stored, never their values', async () => {
    const id = await save({
      credentials: { username: 'svc-flowline', password: 'sn-secret-1' },
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    const answer = await t.call('ada', 'GET', `/api/connections/${id}`);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text).not.toContain('sn-secret-1');
    expect(text).not.toContain('svc-flowline');
    expect(JSON.parse(text)).toMatchObject({
      id,
      name: 'prod',
      connectorId: 'servicenow',
      settings: { instanceUrl: 'https://acme.service-now.com' },
      storedCredentials: ['username', 'password'],
    });
    // Designers pick connections by name; only who may write credentials sees this.
    expect((await t.call('dan', 'GET', `/api/connections/${id}`)).status).toBe(403);
    expect((await t.call('ada', 'GET', '/api/connections/nope')).status).toBe(404);
  });

  it('keeps the stored credential fields a form leaves blank, and replaces those retyped', async () => {
    const id = await save({
      credentials: { username: 'svc-2' },
      keepCredentials: ['username', 'password'],
      settings: { instanceUrl: 'https://acme2.service-now.com' },
    });
    const opened = await t.rt.vault.open(id);
    expect(opened?.value).toEqual({
      credentials: { username: 'svc-2', password: 'sn-secret-1' },
      settings: { instanceUrl: 'https://acme2.service-now.com' },
    });
    // Without keepCredentials a save replaces everything, as before: a missing password is refused.
    const refused = await t.call('ada', 'PUT', '/api/connections/servicenow/prod', {
      credentials: { username: 'svc-3' },
      settings: { instanceUrl: 'https://acme2.service-now.com' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('credentials.password');
    // Keeping a field a new connection does not have yet keeps nothing.
    const fresh = await t.call('ada', 'PUT', '/api/connections/servicenow/test', {
      credentials: { username: 'svc-4' },
      keepCredentials: ['password'],
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    expect(fresh.status).toBe(400);
  });

  it('keeps only fields the stored credentials own: inherited names keep nothing, and a huge list is refused', async () => {
    await save({
      credentials: { username: 'svc-5', password: 'sn-secret-5' },
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    const id = await save({
      credentials: { username: 'svc-6' },
      keepCredentials: ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'password'],
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    const opened = await t.rt.vault.open(id);
    expect(opened?.value.credentials).toEqual({ username: 'svc-6', password: 'sn-secret-5' });
    expect(Object.getPrototypeOf(opened?.value.credentials)).toBe(Object.prototype);
    const huge = await t.call('ada', 'PUT', '/api/connections/servicenow/prod', {
      credentials: { username: 'svc-7' },
      keepCredentials: Array.from({ length: 101 }, (_, i) => `field${i}`),
      settings: { instanceUrl: 'https://acme.service-now.com' },
    });
    expect(huge.status).toBe(400);
    expect(JSON.stringify(await huge.json())).toContain('keepCredentials');
    // Nothing changed by the refused save.
    expect((await t.rt.vault.open(id))?.value.credentials).toEqual({
      username: 'svc-6',
      password: 'sn-secret-5',
    });
    // Another user's view: an approver may not write connections at all.
    const other = await t.call('bob', 'PUT', '/api/connections/servicenow/prod', {
      credentials: { username: 'x' },
      keepCredentials: ['password'],
    });
    expect(other.status).toBe(403);
  });

  it('refuses a deactivated user at once: their session and their API tokens stop working', async () => {
    const { response, session } = await t.signIn('bob@example.com', TEST_PASSWORD);
    expect(response.status).toBe(200);
    expect((await session('GET', '/api/auth/me')).status).toBe(200);
    expect((await t.call('bob', 'GET', '/api/tasks')).status).toBe(200);

    const users = (await (await t.call('ada', 'GET', '/api/users')).json()) as {
      items: { id: string; email: string }[];
    };
    const bob = users.items.find((u) => u.email === 'bob@example.com')!;
    const patched = await t.call('ada', 'PATCH', `/api/users/${bob.id}`, { disabled: true });
    expect(patched.status).toBe(200);
    await expect(patched.json()).resolves.toMatchObject({ disabled: true });

    expect((await session('GET', '/api/auth/me')).status).toBe(401);
    expect((await t.call('bob', 'GET', '/api/tasks')).status).toBe(401);
    expect((await t.signIn('bob@example.com', TEST_PASSWORD)).response.status).toBe(401);

    // Reactivated: signs in again (the old session stays ended).
    await t.call('ada', 'PATCH', `/api/users/${bob.id}`, { disabled: false });
    expect((await t.signIn('bob@example.com', TEST_PASSWORD)).response.status).toBe(200);
    expect((await session('GET', '/api/auth/me')).status).toBe(401);
  });

  it('refuses an admin deactivating themselves or dropping their own admin role, field by field', async () => {
    const deactivate = await t.call('ada', 'PATCH', '/api/users/ada', { disabled: true });
    expect(deactivate.status).toBe(400);
    await expect(deactivate.json()).resolves.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'You cannot deactivate yourself',
      issues: [{ path: 'disabled', message: 'Ask another admin to deactivate your account' }],
    });
    const demote = await t.call('ada', 'PATCH', '/api/users/ada', { roles: ['designer'] });
    expect(demote.status).toBe(400);
    await expect(demote.json()).resolves.toMatchObject({
      message: 'You cannot remove your own admin role',
      issues: [{ path: 'roles' }],
    });
    // Nothing changed; keeping admin while adding a role, or renaming, is fine.
    const me = await t.call('ada', 'PATCH', '/api/users/ada', {
      roles: ['admin', 'designer'],
      name: 'Ada L.',
    });
    expect(me.status).toBe(200);
    await expect(me.json()).resolves.toMatchObject({ disabled: false, roles: ['admin', 'designer'] });
    // Another admin may.
    await t.user('root', ['admin']);
    expect((await t.call('root', 'PATCH', '/api/users/ada', { roles: ['admin'] })).status).toBe(200);
  });

  it("lists every user's API tokens for an admin, and revokes any of them", async () => {
    const listed = async () =>
      (
        (await (await t.call('ada', 'GET', '/api/admin/tokens')).json()) as {
          items: { id: string; name: string; user: { id: string; email: string } }[];
        }
      ).items;
    const dan = (await listed()).find((token) => token.user.id === 'dan');
    expect(dan).toMatchObject({ id: 't-dan', name: 'dan', user: { email: 'dan@example.com' } });
    expect(JSON.stringify(await listed())).not.toContain('tokenHash');
    expect((await t.call('dan', 'GET', '/api/admin/tokens')).status).toBe(403);
    expect((await t.call('dan', 'DELETE', '/api/admin/tokens/t-ada')).status).toBe(403);
    expect((await t.call('dan', 'GET', '/api/definitions')).status).toBe(200);
    expect((await t.call('ada', 'DELETE', '/api/admin/tokens/t-dan')).status).toBe(204);
    expect((await t.call('dan', 'GET', '/api/definitions')).status).toBe(401);
    expect((await listed()).some((token) => token.id === 't-dan')).toBe(false);
    expect((await t.call('ada', 'DELETE', '/api/admin/tokens/t-dan')).status).toBe(404);
  });
});
