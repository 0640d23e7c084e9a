import { describe, expect, it } from 'vitest';
import { T0, aUser } from '../contract/fixtures';
import { encodeCursor } from '../pageCursor';
import {
  groupCollections,
  groupDocument,
  groupPatchUpdate,
  memberCountsPipeline,
  memberOf,
  membersPipeline,
  toGroup,
} from './groups';
import { indexServing } from './indexCoverage';
import {
  API_TOKENS,
  SESSIONS,
  USERS,
  apiTokenDocument,
  emailKey,
  nextMemberships,
  toApiToken,
  toSession,
  toUser,
  userFields,
} from './userDocuments';
import { USER_ORDER, userCollections, userUpdate, usersAfter } from './users';

const spec = (name: string) => userCollections.find((collection) => collection.name === name)!;

describe('MongoDB users, sessions and API tokens', () => {
  it('maps a user to its document and back, memberships in the user’s order', () => {
    const user = aUser({ groups: ['it-ops', 'cab'], mustChangePassword: true, email: 'Grace@Example.com' });
    const doc = {
      ...userFields(user),
      memberships: [
        { group: 'it-ops', seq: 4 },
        { group: 'cab', seq: 1 },
      ],
    };
    expect(doc).toMatchObject({ _id: 'user-1', emailKey: 'grace@example.com', mustChangePassword: true });
    expect(toUser(doc)).toEqual(user);
    expect(userFields(aUser())).not.toHaveProperty('mustChangePassword');
    expect(toUser({ ...userFields(aUser()), memberships: [] })).toEqual({ ...aUser(), groups: [] });
  });

  it('keeps the join number of groups a user stays in and numbers the new ones', () => {
    const current = [
      { group: 'a', seq: 3 },
      { group: 'b', seq: 7 },
    ];
    expect(nextMemberships(current, ['c', 'b', 'c'], [{ group: 'c', seq: 9 }])).toEqual([
      { group: 'c', seq: 9 },
      { group: 'b', seq: 7 },
    ]);
  });

  it('sets a patched user and clears a must-change-password mark', () => {
    const update = userUpdate({ ...aUser(), email: 'NEW@example.com' }, [{ group: 'x', seq: 1 }]);
    expect(update.$set).toMatchObject({
      email: 'NEW@example.com',
      emailKey: 'new@example.com',
      memberships: [{ group: 'x', seq: 1 }],
    });
    expect(update.$set).not.toHaveProperty('_id');
    expect(update.$set).not.toHaveProperty('createdAt');
    expect(update.$unset).toEqual({ mustChangePassword: '' });
    expect(userUpdate(aUser({ mustChangePassword: true })).$set).toMatchObject({ mustChangePassword: true });
    expect(userUpdate(aUser()).$set).not.toHaveProperty('memberships');
  });

  it('maps sessions and API tokens both ways', () => {
    expect(toSession({ _id: 'h', userId: 'u', expiresAt: T0 })).toEqual({
      id: 'h',
      userId: 'u',
      expiresAt: T0,
    });
    const token = {
      id: 't',
      tokenHash: 'sha256:x',
      name: 'CI',
      userId: 'u',
      roles: ['designer' as const],
      createdAt: T0,
    };
    expect(toApiToken(apiTokenDocument(token))).toEqual(token);
    expect(toApiToken(apiTokenDocument({ ...token, lastUsedAt: T0 + 1 }))).toEqual({
      ...token,
      lastUsedAt: T0 + 1,
    });
  });

  it('serves every lookup and page from an index; e-mails and token hashes are unique', () => {
    const users = spec(USERS);
    expect(indexServing(users, { filter: { emailKey: emailKey('A@b.c') } })).toBe('users_email_unique');
    expect(indexServing(users, { filter: usersAfter(), sort: USER_ORDER })).toBe('users_by_created_at');
    expect(
      indexServing(users, { filter: usersAfter(encodeCursor({ at: T0, id: 'u' })), sort: USER_ORDER }),
    ).toBe('users_by_created_at');
    expect(indexServing(users, { filter: memberOf('cab'), sort: USER_ORDER })).toBe('users_by_group');
    expect(indexServing(users, { filter: membersPipeline('cab')[0]!['$match'] })).toBe('users_by_group');
    expect(indexServing(users, { filter: memberCountsPipeline(['a'])[0]!['$match'] })).toBe('users_by_group');
    expect(users.indexes.find((index) => index.name === 'users_email_unique')?.unique).toBe(true);
    expect(indexServing(spec(SESSIONS), { filter: { userId: 'u' } })).toBe('sessions_by_user');
    expect(indexServing(spec(SESSIONS), { filter: { expiresAt: { $lte: T0 } } })).toBe('sessions_by_expiry');
    const tokens = spec(API_TOKENS);
    expect(indexServing(tokens, { filter: { tokenHash: 'h' } })).toBe('api_tokens_hash_unique');
    expect(indexServing(tokens, { filter: { userId: 'u' }, sort: USER_ORDER })).toBe('api_tokens_by_user');
  });
});

describe('MongoDB groups', () => {
  it('maps a group both ways, its join counter kept out of the record', () => {
    const group = { id: 'cab', name: 'CAB', description: 'Changes', createdAt: T0 };
    expect(groupDocument(group)).toEqual({
      _id: 'cab',
      name: 'CAB',
      description: 'Changes',
      createdAt: T0,
      joins: 0,
    });
    expect(toGroup(groupDocument(group))).toEqual(group);
    expect(groupPatchUpdate({ name: 'x' })).toEqual({ $set: { name: 'x' } });
    expect(groupPatchUpdate({})).toEqual({ $set: {} });
    expect(groupCollections[0]?.name).toBe('groups');
  });

  it('lists a group’s members in join order and counts members per group', () => {
    expect(membersPipeline('cab')).toEqual([
      { $match: { 'memberships.group': 'cab' } },
      { $unwind: '$memberships' },
      { $match: { 'memberships.group': 'cab' } },
      { $sort: { 'memberships.seq': 1, _id: 1 } },
      { $project: { _id: 1 } },
    ]);
    expect(memberCountsPipeline(['a', 'b']).at(-1)).toEqual({
      $group: { _id: '$memberships.group', count: { $sum: 1 } },
    });
  });
});
