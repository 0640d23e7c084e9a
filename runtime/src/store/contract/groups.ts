import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import type { ContractContext } from './context';
import { T0, aUser } from './fixtures';

const cab = {
  id: 'cab',
  name: 'Change advisory board',
  description: 'Approves normal changes',
  createdAt: T0,
};

export function describeGroups({ store }: ContractContext): void {
  describe('groups', () => {
    it('creates, reads, lists, renames and deletes a group; a taken id conflicts', async () => {
      await store().createGroup(cab);
      await expect(store().createGroup(cab)).rejects.toSatisfy((e) => isStoreError(e, 'CONFLICT'));
      expect(await store().getGroup('cab')).toEqual({ ...cab, members: [] });
      expect(await store().getGroup('nope')).toBeNull();
      expect(await store().updateGroup('cab', { name: 'CAB' })).toEqual({ ...cab, name: 'CAB' });
      await expect(store().updateGroup('nope', { name: 'x' })).rejects.toSatisfy((e) =>
        isStoreError(e, 'NOT_FOUND'),
      );
      await store().createGroup({ ...cab, id: 'ab' });
      const first = await store().listGroups({ limit: 1 });
      expect(first.items.map((g) => g.id)).toEqual(['ab']);
      const second = await store().listGroups({ limit: 1, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [{ ...cab, name: 'CAB', memberCount: 0 }], nextCursor: null });
      expect(await store().deleteGroup('cab')).toBe(true);
      expect(await store().deleteGroup('cab')).toBe(false);
    });

    it('adds and removes members, seen in the users’ groups and in group members', async () => {
      await store().createGroup(cab);
      await store().createUser(aUser({ id: 'u1', email: 'u1@example.com', groups: [] }));
      await store().createUser(aUser({ id: 'u2', email: 'u2@example.com', groups: [] }));
      expect(await store().addGroupMember('cab', 'u2')).toBe(true);
      expect(await store().addGroupMember('cab', 'u1')).toBe(true);
      expect(await store().addGroupMember('cab', 'u1')).toBe(false);
      await expect(store().addGroupMember('cab', 'ghost')).rejects.toSatisfy((e) =>
        isStoreError(e, 'NOT_FOUND'),
      );
      await expect(store().addGroupMember('ghost', 'u1')).rejects.toSatisfy((e) =>
        isStoreError(e, 'NOT_FOUND'),
      );
      expect((await store().getGroup('cab'))?.members).toEqual(['u2', 'u1']);
      expect((await store().getUser('u1'))?.groups).toEqual(['cab']);
      expect((await store().listGroupMembers('cab', { limit: 10 })).map((u) => u.id)).toEqual(['u1', 'u2']);
      expect((await store().listGroups({ limit: 10 })).items[0]?.memberCount).toBe(2);
      expect(await store().removeGroupMember('cab', 'u1')).toBe(true);
      expect(await store().removeGroupMember('cab', 'u1')).toBe(false);
      expect((await store().getUser('u1'))?.groups).toEqual([]);
      // A deleted group leaves nobody a member; a deleted user leaves no group.
      await store().deleteUser('u2');
      expect((await store().getGroup('cab'))?.members).toEqual([]);
      await store().addGroupMember('cab', 'u1');
      await store().deleteGroup('cab');
      expect((await store().getUser('u1'))?.groups).toEqual([]);
    });

    it('makes a user’s group list their memberships, in that order', async () => {
      await store().createGroup(cab);
      await store().createGroup({ ...cab, id: 'it-ops', name: 'IT operations' });
      await store().createUser(aUser({ groups: ['it-ops', 'cab'] }));
      expect((await store().getUser('user-1'))?.groups).toEqual(['it-ops', 'cab']);
      expect(await store().getGroup('it-ops')).toMatchObject({ name: 'IT operations', members: ['user-1'] });
      expect(await store().getGroup('cab')).toMatchObject({ name: cab.name, members: ['user-1'] });
      const updated = await store().updateUser('user-1', { groups: ['cab'] });
      expect(updated.groups).toEqual(['cab']);
      expect((await store().getGroup('it-ops'))?.members).toEqual([]);
      expect((await store().getUserByEmail('grace@example.com'))?.groups).toEqual(['cab']);
    });

    it('refuses a group not known yet (NOT_FOUND), writing nothing and creating no group', async () => {
      await store().createGroup(cab);
      const notFound = (e: unknown) => isStoreError(e, 'NOT_FOUND') && (e as Error).message.includes('ghost');
      await expect(store().createUser(aUser({ groups: ['cab', 'ghost'] }))).rejects.toSatisfy(notFound);
      expect(await store().getUser('user-1')).toBeNull();
      expect(await store().getUserByEmail('grace@example.com')).toBeNull();
      await store().createUser(aUser({ groups: ['cab'] }));
      await expect(store().updateUser('user-1', { groups: ['ghost'], name: 'Renamed' })).rejects.toSatisfy(
        notFound,
      );
      expect(await store().getUser('user-1')).toMatchObject({ name: 'Grace', groups: ['cab'] });
      expect(await store().getGroup('ghost')).toBeNull();
      expect((await store().listGroups({ limit: 10 })).items.map((group) => group.id)).toEqual(['cab']);
      expect((await store().getGroup('cab'))?.members).toEqual(['user-1']);
    });
  });
}
