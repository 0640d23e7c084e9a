// Document shapes (users, sessions, apiTokens) and their mapping: userDocuments.ts.
import type { Filter, UpdateFilter } from 'mongodb';
import { definedOnly } from '../definedOnly';
import { StoreError } from '../errors';
import { decodeCursor, toPage } from '../pageCursor';
import type { UserStore } from '../port';
import { RoleSchema, type User, type UserPatch } from '../schemas/auth';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import { conflictOnDuplicate } from './duplicateKey';
import { dropVanishedMemberships, joinGroups } from './groups';
import {
  API_TOKENS,
  type ApiTokenDocument,
  SESSIONS,
  type SessionDocument,
  USERS,
  type UserDocument,
  apiTokenDocument,
  awayDocument,
  emailKey,
  nextMemberships,
  toApiToken,
  toSession,
  toUser,
  userFields,
} from './userDocuments';

export const USER_ORDER = { createdAt: 1, _id: 1 } as const;

/** Users after the cursor's (createdAt, id), for a page oldest first. */
export function usersAfter(cursor?: string): Filter<UserDocument> {
  if (cursor === undefined) return {};
  const after = decodeCursor(cursor);
  return { $or: [{ createdAt: { $gt: after.at } }, { createdAt: after.at, _id: { $gt: after.id } }] };
}

/**
 * The update a patch makes. Groups change only with the memberships compare-and-set (the filter
 * names the memberships read), so a concurrent join or leave is never overwritten.
 */
export function userUpdate(
  next: User,
  memberships?: UserDocument['memberships'],
): UpdateFilter<UserDocument> {
  // The away setting is left as it is: only setUserAway writes it, so an edit never undoes one.
  const { _id: _ignored, createdAt: _kept, mustChangePassword, away: _away, ...fields } = userFields(next);
  return {
    $set: {
      ...fields,
      ...(memberships ? { memberships } : {}),
      ...(mustChangePassword ? { mustChangePassword } : {}),
    },
    ...(mustChangePassword ? {} : { $unset: { mustChangePassword: '' as const } }),
  };
}

const epochMs = { bsonType: ['int', 'long', 'double'] };
const text = { bsonType: 'string' };
// From the one list of roles: a hand-kept copy here left out `requester`, refusing every requester.
const roles = { bsonType: 'array', items: { enum: [...RoleSchema.options] } };

export const userCollections: CollectionSpec[] = [
  {
    name: USERS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: [
          '_id',
          'email',
          'emailKey',
          'name',
          'passwordHash',
          'roles',
          'memberships',
          'disabled',
          'createdAt',
        ],
        properties: {
          _id: text,
          email: text,
          emailKey: text,
          name: text,
          passwordHash: text,
          roles,
          memberships: {
            bsonType: 'array',
            items: {
              bsonType: 'object',
              required: ['group', 'seq'],
              properties: { group: text, seq: { bsonType: ['int', 'long', 'double'] } },
            },
          },
          disabled: { bsonType: 'bool' },
          mustChangePassword: { bsonType: 'bool' },
          away: {
            bsonType: 'object',
            required: ['delegate', 'until', 'setBy', 'setAt'],
            properties: {
              delegate: text,
              until: epochMs,
              from: epochMs,
              note: text,
              setBy: text,
              setAt: epochMs,
            },
          },
          createdAt: epochMs,
        },
      },
    },
    indexes: [
      { key: { emailKey: 1 }, name: 'users_email_unique', unique: true },
      { key: { createdAt: 1, _id: 1 }, name: 'users_by_created_at' },
      // A group's members (multikey over the memberships), oldest first.
      { key: { 'memberships.group': 1, createdAt: 1, _id: 1 }, name: 'users_by_group' },
    ],
  },
  {
    name: SESSIONS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['_id', 'userId', 'expiresAt'],
        properties: { _id: text, userId: text, expiresAt: epochMs },
      },
    },
    indexes: [
      { key: { userId: 1 }, name: 'sessions_by_user' },
      { key: { expiresAt: 1 }, name: 'sessions_by_expiry' },
    ],
  },
  {
    name: API_TOKENS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['_id', 'tokenHash', 'name', 'userId', 'roles', 'createdAt'],
        properties: {
          _id: text,
          tokenHash: text,
          name: text,
          userId: text,
          roles,
          createdAt: epochMs,
          lastUsedAt: epochMs,
        },
      },
    },
    indexes: [
      { key: { tokenHash: 1 }, name: 'api_tokens_hash_unique', unique: true },
      { key: { userId: 1, createdAt: 1, _id: 1 }, name: 'api_tokens_by_user' },
    ],
  },
];

export function mongoUsers(context: MongoContext): UserStore {
  const users = consistentCollection<UserDocument>(context, USERS);
  const sessions = consistentCollection<SessionDocument>(context, SESSIONS);
  const tokens = consistentCollection<ApiTokenDocument>(context, API_TOKENS);

  const getUser = async (id: string) => {
    const doc = await users.findOne({ _id: id });
    return doc ? toUser(doc) : null;
  };

  return withStoreErrors('users', {
    async createUser(user) {
      const what = `The user id or e-mail of ${user.email}`;
      // Refused before any group is created for it; the unique indexes decide a race.
      if (
        await users.findOne(
          { $or: [{ _id: user.id }, { emailKey: emailKey(user.email) }] },
          { projection: { _id: 1 } },
        )
      )
        throw new StoreError('CONFLICT', `${what} is already taken.`);
      const memberships = await joinGroups(context, user.groups);
      await conflictOnDuplicate(what, () => users.insertOne({ ...userFields(user), memberships }));
      await dropVanishedMemberships(context, user.id, memberships);
    },

    getUser,

    async getUserByEmail(email) {
      const doc = await users.findOne({ emailKey: emailKey(email) });
      return doc ? toUser(doc) : null;
    },

    async listUsers({ limit, cursor }) {
      const docs = await users
        .find(usersAfter(cursor))
        .sort(USER_ORDER)
        .limit(limit + 1)
        .toArray();
      return toPage(docs.map(toUser), limit, (user) => ({ at: user.createdAt, id: user.id }));
    },

    async searchUsers({ prefix, limit }) {
      // The people pickers' directory: a regex scan of active users (no index serves a word of a
      // name; the users collection is an organisation's staff, not a hot path).
      const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const docs = await users
        .find(
          {
            disabled: false,
            $or: [
              { emailKey: { $regex: `^${escaped.toLowerCase()}` } },
              { name: { $regex: `^${escaped}`, $options: 'i' } },
              { name: { $regex: ` ${escaped}`, $options: 'i' } },
            ],
          },
          // Names sort as people read them, whatever their case (SQLite: COLLATE NOCASE).
          { collation: { locale: 'en', strength: 2 } },
        )
        .sort({ name: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toUser);
    },

    async listGroupMembers(group, { limit }) {
      const docs = await users.find({ 'memberships.group': group }).sort(USER_ORDER).limit(limit).toArray();
      return docs.map(toUser);
    },

    async updateUser(id, patch: UserPatch) {
      // Retried when a join or leave lands between the read and the write (the memberships CAS).
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const current = await users.findOne({ _id: id });
        if (!current) throw new StoreError('NOT_FOUND', `User ${id} does not exist.`);
        const next: User = { ...toUser(current), ...definedOnly(patch) };
        let memberships: UserDocument['memberships'] | undefined;
        let joined: UserDocument['memberships'] = [];
        if (patch.groups !== undefined) {
          const known = new Set(current.memberships.map((membership) => membership.group));
          joined = await joinGroups(
            context,
            patch.groups.filter((group) => !known.has(group)),
          );
          memberships = nextMemberships(current.memberships, patch.groups, joined);
        }
        const filter: Filter<UserDocument> = memberships
          ? { _id: id, memberships: current.memberships }
          : { _id: id };
        const result = await conflictOnDuplicate(`The e-mail ${next.email}`, () =>
          users.updateOne(filter, userUpdate(next, memberships)),
        );
        if (result.matchedCount > 0) {
          await dropVanishedMemberships(context, id, joined);
          return (await getUser(id)) ?? next;
        }
      }
      throw new StoreError('CONFLICT', `User ${id} kept changing while their groups were being written.`);
    },

    async setUserAway(id, away) {
      const update: UpdateFilter<UserDocument> = away
        ? { $set: { away: awayDocument(away) } }
        : { $unset: { away: '' as const } };
      const result = await users.updateOne({ _id: id }, update);
      const user = result.matchedCount > 0 ? await getUser(id) : null;
      if (!user) throw new StoreError('NOT_FOUND', `User ${id} does not exist.`);
      return user;
    },

    async deleteUser(id) {
      return (await users.deleteOne({ _id: id })).deletedCount > 0;
    },

    async createSession(session) {
      await conflictOnDuplicate('The session id', () =>
        sessions.insertOne({ _id: session.id, userId: session.userId, expiresAt: session.expiresAt }),
      );
    },

    async getSession(id) {
      const doc = await sessions.findOne({ _id: id });
      return doc ? toSession(doc) : null;
    },

    async deleteSession(id) {
      return (await sessions.deleteOne({ _id: id })).deletedCount > 0;
    },

    async deleteUserSessions(userId) {
      return (await sessions.deleteMany({ userId })).deletedCount;
    },

    async deleteExpiredSessions(now) {
      return (await sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
    },

    async createApiToken(token) {
      await conflictOnDuplicate('The API token id or hash', () => tokens.insertOne(apiTokenDocument(token)));
    },

    async getApiTokenByHash(tokenHash) {
      const doc = await tokens.findOne({ tokenHash });
      return doc ? toApiToken(doc) : null;
    },

    async listApiTokens(userId) {
      const docs = await tokens.find({ userId }).sort(USER_ORDER).toArray();
      return docs.map(toApiToken);
    },

    async touchApiToken(id, usedAt) {
      await tokens.updateOne({ _id: id }, { $set: { lastUsedAt: usedAt } });
    },

    async deleteApiToken(id) {
      return (await tokens.deleteOne({ _id: id })).deletedCount > 0;
    },
  });
}
