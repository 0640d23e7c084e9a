import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../auth';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testApp';

const NEW_PASSWORD = 'a new passphrase of my own';

describe('password changes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.rt.close());

  it("lets the first start's admin do nothing but change the one-time password, then everything", async () => {
    const bootstrap = await bootstrapAdmin({ store: t.rt.store, clock: t.rt.clock });
    if (!bootstrap.created) throw new Error('expected an admin');
    const first = await t.signIn('admin@localhost', bootstrap.oneTimePassword);
    expect(first.response.status).toBe(200);
    expect(await first.response.json()).toMatchObject({ mustChangePassword: true });

    const refused = await first.session('GET', '/api/instances');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    expect((await first.session('POST', '/api/users', {})).status).toBe(403);
    expect(await (await first.session('GET', '/api/auth/me')).json()).toMatchObject({
      mustChangePassword: true,
    });

    const wrong = await first.session('POST', '/api/auth/password', {
      current: 'not it',
      next: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ issues: [{ path: 'current' }] });
    const same = { current: bootstrap.oneTimePassword, next: bootstrap.oneTimePassword };
    expect((await first.session('POST', '/api/auth/password', same)).status).toBe(400);
    const weak = await first.session('POST', '/api/auth/password', {
      current: bootstrap.oneTimePassword,
      next: 'short',
    });
    expect(await weak.json()).toMatchObject({ issues: [{ path: 'next' }] });

    const changed = await first.session('POST', '/api/auth/password', {
      current: bootstrap.oneTimePassword,
      next: NEW_PASSWORD,
    });
    expect(changed.status).toBe(204);
    // Every session of the user ended with the old password.
    expect((await first.session('GET', '/api/auth/me')).status).toBe(401);
    expect((await t.signIn('admin@localhost', bootstrap.oneTimePassword)).response.status).toBe(401);

    const again = await t.signIn('admin@localhost', NEW_PASSWORD);
    expect(await again.response.json()).toMatchObject({ mustChangePassword: false });
    expect((await again.session('GET', '/api/instances')).status).toBe(200);
  });

  it('makes a user whose password an admin reset choose their own, and signs them out', async () => {
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
    const before = await t.signIn('maria@example.com', TEST_PASSWORD);
    expect((await before.session('GET', '/api/tasks')).status).toBe(200);

    const temporary = 'a temporary passphrase';
    expect((await t.call('maria', 'PUT', '/api/users/maria/password', { password: temporary })).status).toBe(
      403,
    );
    expect((await t.call('ada', 'PUT', '/api/users/maria/password', { password: 'short' })).status).toBe(400);
    expect((await t.call('ada', 'PUT', '/api/users/nobody/password', { password: temporary })).status).toBe(
      404,
    );
    expect((await t.call('ada', 'PUT', '/api/users/maria/password', { password: temporary })).status).toBe(
      204,
    );
    expect((await before.session('GET', '/api/tasks')).status).toBe(401);

    const after = await t.signIn('maria@example.com', temporary);
    expect((await after.session('GET', '/api/tasks')).status).toBe(403);
    expect(
      (await after.session('POST', '/api/auth/password', { current: temporary, next: NEW_PASSWORD })).status,
    ).toBe(204);
    const own = await t.signIn('maria@example.com', NEW_PASSWORD);
    expect((await own.session('GET', '/api/tasks')).status).toBe(200);
  });

  it("keeps a machine's API token working when its user changes their own password", async () => {
    await t.user('maria', ['approver']);
    const session = await t.signIn('maria@example.com', TEST_PASSWORD);
    const changed = await session.session('POST', '/api/auth/password', {
      current: TEST_PASSWORD,
      next: NEW_PASSWORD,
    });
    expect(changed.status).toBe(204);
    expect((await t.call('maria', 'GET', '/api/tasks')).status).toBe(200);
  });

  it('revokes every API token of a user whose password an admin resets, and ends their sessions', async () => {
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
    await t.token('maria', ['viewer'], 'maria-ci');
    const session = await t.signIn('maria@example.com', TEST_PASSWORD);
    expect((await t.call('maria', 'GET', '/api/tasks')).status).toBe(200);
    const reset = await t.call('ada', 'PUT', '/api/users/maria/password', {
      password: 'a temporary passphrase',
    });
    expect(reset.status).toBe(204);
    expect((await t.call('maria', 'GET', '/api/tasks')).status).toBe(401);
    expect((await t.call('maria-ci', 'GET', '/api/tasks')).status).toBe(401);
    expect((await session.session('GET', '/api/tasks')).status).toBe(401);
    expect(await t.rt.store.listApiTokens('maria')).toEqual([]);
    // The admin's own tokens are untouched.
    expect((await t.call('ada', 'GET', '/api/users')).status).toBe(200);
  });

  it('refuses common and predictable passwords, and ones built on the user’s e-mail or name', async () => {
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
    const create = (password: string) =>
      t.call('ada', 'POST', '/api/users', {
        email: 'sam.jones@example.com',
        name: 'Sam Jones',
        password,
        roles: ['viewer'],
      });
    for (const weak of [
      'Password2024!',
      'qwertyuiopas',
      '123456789012',
      'sam.jones@example.com',
      'SamJones1234!',
    ]) {
      const refused = await create(weak);
      expect(refused.status, weak).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'password' }] });
    }
    expect((await create('violet kettle drum 42')).status).toBe(201);
    const reset = await t.call('ada', 'PUT', '/api/users/maria/password', { password: 'maria@example.com!' });
    expect(reset.status).toBe(400);
    const session = await t.signIn('maria@example.com', TEST_PASSWORD);
    const own = await session.session('POST', '/api/auth/password', {
      current: TEST_PASSWORD,
      next: 'iloveyou123456',
    });
    expect(own.status).toBe(400);
    expect(await own.json()).toMatchObject({ issues: [{ path: 'next' }] });
  });
});
