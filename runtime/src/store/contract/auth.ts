import { beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import type { ApiToken, Secret } from '../schemas/auth';
import type { ContractContext } from './context';
import { T0, aUser } from './fixtures';

const conflict = (error: unknown): boolean => isStoreError(error, 'CONFLICT');

export function describeAuth({ store }: ContractContext): void {
  describe('users, sessions and API tokens', () => {
    // Memberships name existing groups only (see the groups contract).
    beforeEach(async () => {
      for (const id of ['it-ops', 'it-ops-2', 'cab'])
        await store().createGroup({ id, name: id, description: '', createdAt: T0 });
    });
    it('creates, reads, updates and deletes a user', async () => {
      await store().createUser(aUser());
      expect(await store().getUser('user-1')).toEqual(aUser());
      const updated = await store().updateUser('user-1', { roles: ['admin'], disabled: true });
      expect(updated).toEqual({ ...aUser(), roles: ['admin'], disabled: true });
      expect(await store().getUser('user-1')).toEqual(updated);
      expect(await store().deleteUser('user-1')).toBe(true);
      expect(await store().getUser('user-1')).toBeNull();
      expect(await store().deleteUser('user-1')).toBe(false);
    });

    it('keeps the must-change-password mark until it is cleared', async () => {
      await store().createUser(aUser({ mustChangePassword: true }));
      expect(await store().getUser('user-1')).toEqual(aUser({ mustChangePassword: true }));
      await store().updateUser('user-1', { passwordHash: 'scrypt$new', mustChangePassword: false });
      const cleared = await store().getUser('user-1');
      expect(cleared?.mustChangePassword ?? false).toBe(false);
      expect(cleared?.passwordHash).toBe('scrypt$new');
    });

    it('finds a user by e-mail case-insensitively and keeps e-mails unique', async () => {
      await store().createUser(aUser());
      expect((await store().getUserByEmail('GRACE@example.com'))?.id).toBe('user-1');
      await expect(store().createUser(aUser({ id: 'user-2', email: 'Grace@Example.com' }))).rejects.toSatisfy(
        conflict,
      );
      await expect(store().createUser(aUser({ email: 'other@example.com' }))).rejects.toSatisfy(conflict);
      await store().createUser(aUser({ id: 'user-2', email: 'linus@example.com' }));
      await expect(store().updateUser('user-2', { email: 'grace@example.com' })).rejects.toSatisfy(conflict);
    });

    it('keeps an away setting with the user until it is cleared, whatever else changes', async () => {
      await store().createUser(aUser());
      const away = { delegate: 'user-2', until: T0 + 86_400_000, setBy: 'user-1', setAt: T0 };
      expect(await store().setUserAway('user-1', away)).toEqual(aUser({ away }));
      // A profile edit (roles, groups) leaves it as it was.
      await store().updateUser('user-1', { roles: ['admin'], groups: ['cab'] });
      expect((await store().getUser('user-1'))?.away).toEqual(away);
      expect((await store().listUsers({ limit: 10 })).items[0]?.away).toEqual(away);
      const full = { ...away, from: T0 + 1000, note: 'Parental leave', setBy: 'admin-1' };
      await store().setUserAway('user-1', full);
      expect((await store().getUser('user-1'))?.away).toEqual(full);
      const cleared = await store().setUserAway('user-1', null);
      expect(cleared).not.toHaveProperty('away');
      expect(await store().getUser('user-1')).toEqual({ ...aUser({ roles: ['admin'], groups: ['cab'] }) });
    });

    it('creates a user with an away setting, and refuses one for a user that does not exist', async () => {
      const away = { delegate: 'user-2', until: T0 + 5, note: 'x', setBy: 'user-1', setAt: T0 };
      await store().createUser(aUser({ away }));
      expect(await store().getUser('user-1')).toEqual(aUser({ away }));
      await expect(store().setUserAway('nope', away)).rejects.toSatisfy((error) =>
        isStoreError(error, 'NOT_FOUND'),
      );
      await expect(store().setUserAway('nope', null)).rejects.toSatisfy((error) =>
        isStoreError(error, 'NOT_FOUND'),
      );
    });

    it('refuses to update a user that does not exist', async () => {
      await expect(store().updateUser('nope', { name: 'x' })).rejects.toSatisfy((error) =>
        isStoreError(error, 'NOT_FOUND'),
      );
    });

    it('pages users', async () => {
      for (let n = 0; n < 3; n += 1) {
        await store().createUser(aUser({ id: `u${n}`, email: `u${n}@example.com`, createdAt: T0 + n }));
      }
      const first = await store().listUsers({ limit: 2 });
      const second = await store().listUsers({ limit: 2, cursor: first.nextCursor ?? '' });
      expect([...first.items, ...second.items].map((user) => user.id)).toEqual(['u0', 'u1', 'u2']);
      expect(second.nextCursor).toBeNull();
    });

    it('finds active users by the start of their e-mail, name or a word of it, by name', async () => {
      const person = (id: string, name: string, disabled = false) =>
        store().createUser(aUser({ id, name, email: `${id}@example.com`, disabled, createdAt: T0 }));
      await person('max', 'Max Manager');
      await person('mia', 'Mia Anders');
      await person('ann', 'Ann Mayer');
      await person('old', 'Mark Gone', true);
      await person('pct', 'Percent 100%');
      const found = async (prefix: string, limit = 10) =>
        (await store().searchUsers({ prefix, limit })).map((user) => user.id);
      expect(await found('ma')).toEqual(['ann', 'max']);
      expect(await found('MA', 1)).toEqual(['ann']);
      expect(await found('anders')).toEqual(['mia']);
      expect(await found('mia@')).toEqual(['mia']);
      expect(await found('mark')).toEqual([]);
      expect(await found('%')).toEqual([]);
      expect(await found('100%')).toEqual(['pct']);
      expect(await found('_')).toEqual([]);
    });

    it('lists the members of a group', async () => {
      await store().createUser(
        aUser({ id: 'a', email: 'a@example.com', groups: ['it-ops', 'cab'], createdAt: T0 }),
      );
      await store().createUser(
        aUser({ id: 'b', email: 'b@example.com', groups: ['cab'], createdAt: T0 + 1 }),
      );
      await store().createUser(
        aUser({ id: 'c', email: 'c@example.com', groups: ['it-ops-2'], createdAt: T0 + 2 }),
      );
      await store().createUser(
        aUser({ id: 'd', email: 'd@example.com', groups: ['cab'], disabled: true, createdAt: T0 + 3 }),
      );
      expect((await store().listGroupMembers('cab', { limit: 10 })).map((u) => u.id)).toEqual([
        'a',
        'b',
        'd',
      ]);
      expect((await store().listGroupMembers('it-ops', { limit: 10 })).map((u) => u.id)).toEqual(['a']);
      expect((await store().listGroupMembers('cab', { limit: 1 })).map((u) => u.id)).toEqual(['a']);
      expect(await store().listGroupMembers('nobody', { limit: 10 })).toEqual([]);
    });

    it('keeps sessions until deleted or expired', async () => {
      await store().createSession({ id: 'h1', userId: 'user-1', expiresAt: T0 + 10 });
      await store().createSession({ id: 'h2', userId: 'user-1', expiresAt: T0 + 20 });
      await store().createSession({ id: 'h3', userId: 'user-2', expiresAt: T0 + 30 });
      expect(await store().getSession('h1')).toEqual({ id: 'h1', userId: 'user-1', expiresAt: T0 + 10 });
      expect(await store().deleteExpiredSessions(T0 + 10)).toBe(1);
      expect(await store().deleteUserSessions('user-1')).toBe(1);
      expect(await store().deleteSession('h3')).toBe(true);
      expect(await store().getSession('h3')).toBeNull();
    });

    it('looks API tokens up by hash and records their last use', async () => {
      const token: ApiToken = {
        id: 'tok-1',
        tokenHash: 'sha256:abc',
        name: 'CI',
        userId: 'user-1',
        roles: ['designer'],
        createdAt: T0,
      };
      await store().createApiToken(token);
      await expect(store().createApiToken({ ...token, id: 'tok-2' })).rejects.toSatisfy(conflict);
      expect(await store().getApiTokenByHash('sha256:abc')).toEqual(token);
      await store().touchApiToken('tok-1', T0 + 99);
      expect(await store().listApiTokens('user-1')).toEqual([{ ...token, lastUsedAt: T0 + 99 }]);
      expect(await store().deleteApiToken('tok-1')).toBe(true);
      expect(await store().getApiTokenByHash('sha256:abc')).toBeNull();
    });
  });

  describe('secrets', () => {
    const secret: Secret = {
      id: 'sec-1',
      name: 'ServiceNow prod',
      connectorId: 'servicenow',
      ciphertext: { keyId: 'k1', iv: 'aXY=', data: 'Y2lwaGVy', tag: 'dGFn' },
      createdAt: T0,
      updatedAt: T0,
    };

    it('stores ciphertext as given and re-wraps it on update', async () => {
      await store().createSecret(secret);
      await store().createSecret({ ...secret, id: 'sec-2', connectorId: 'jira', name: 'Jira' });
      await expect(store().createSecret(secret)).rejects.toSatisfy(conflict);
      expect(await store().getSecret('sec-1')).toEqual(secret);
      const rewrapped = { keyId: 'k2', iv: 'bmV3', data: 'bmV3', tag: 'bmV3' };
      const updated = await store().updateSecret('sec-1', { ciphertext: rewrapped, updatedAt: T0 + 1 });
      expect(updated).toEqual({ ...secret, ciphertext: rewrapped, updatedAt: T0 + 1 });
      expect((await store().listSecrets('servicenow')).map((s) => s.id)).toEqual(['sec-1']);
      expect(await store().listSecrets()).toHaveLength(2);
      expect(await store().deleteSecret('sec-1')).toBe(true);
      await expect(store().updateSecret('sec-1', { updatedAt: T0 + 2, ciphertext: {} })).rejects.toSatisfy(
        (error) => isStoreError(error, 'NOT_FOUND'),
      );
    });
  });
}
