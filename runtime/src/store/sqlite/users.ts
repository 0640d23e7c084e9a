import { definedOnly } from '../definedOnly';
import { StoreError } from '../errors';
import { decodeCursor, toPage } from '../pageCursor';
import type { UserStore } from '../port';
import type { ApiToken, Away, Role, Session, User } from '../schemas/auth';
import { isUniqueViolation } from './constraint';
import type { Row, SqlDatabase, SqlParams } from './database';
import { bool, int, json, jsonOrNull, optional, text, toJsonText } from './rows';
import { setMemberships } from './groups';
import type { Writes } from './writeQueue';

const toUser = (row: Row): User => ({
  id: text(row, 'id'),
  email: text(row, 'email'),
  name: text(row, 'name'),
  passwordHash: text(row, 'password_hash'),
  roles: json<Role[]>(row, 'roles'),
  groups: json<string[]>(row, 'member_of'),
  disabled: bool(row, 'disabled'),
  ...(bool(row, 'must_change_password') ? { mustChangePassword: true } : {}),
  ...optional('away', row, 'away', json<Away>),
  createdAt: int(row, 'created_at'),
});

/** A user's row with their memberships, in the order they joined (group_members' rowid). */
const USER = `SELECT users.*, (SELECT json_group_array(group_id ORDER BY rowid) FROM group_members
  WHERE user_id = users.id) AS member_of FROM users`;

const toSession = (row: Row): Session => ({
  id: text(row, 'id'),
  userId: text(row, 'user_id'),
  expiresAt: int(row, 'expires_at'),
});

const toApiToken = (row: Row): ApiToken => ({
  id: text(row, 'id'),
  tokenHash: text(row, 'token_hash'),
  name: text(row, 'name'),
  userId: text(row, 'user_id'),
  roles: json<Role[]>(row, 'roles'),
  createdAt: int(row, 'created_at'),
  ...optional('lastUsedAt', row, 'last_used_at', int),
});

const userParams = (user: User): SqlParams => ({
  id: user.id,
  email: user.email,
  name: user.name,
  passwordHash: user.passwordHash,
  roles: toJsonText(user.roles),
  groups: toJsonText(user.groups),
  disabled: user.disabled ? 1 : 0,
  mustChangePassword: user.mustChangePassword ? 1 : 0,
  createdAt: user.createdAt,
});

function conflictOnUnique<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new StoreError('CONFLICT', `${what} is already taken.`, { cause: error });
  }
}

export function sqliteUsers(db: SqlDatabase, writes: Writes): UserStore {
  const getUser = (id: string): User | null => {
    const row = db.get(`${USER} WHERE id = :id`, { id });
    return row ? toUser(row) : null;
  };

  return {
    async createUser(user) {
      await writes.run(() => {
        conflictOnUnique(`The user id or e-mail of ${user.email}`, () =>
          db.run(
            `INSERT INTO users (id, email, name, password_hash, roles, groups_json, disabled, must_change_password,
             away, created_at)
           VALUES (:id, :email, :name, :passwordHash, :roles, :groups, :disabled, :mustChangePassword, :away,
             :createdAt)`,
            { ...userParams(user), away: jsonOrNull(user.away) },
          ),
        );
        // An unknown group throws here, and the write's savepoint takes the user row back with it.
        setMemberships(db, user.id, user.groups);
      });
    },

    async getUser(id) {
      return getUser(id);
    },

    async getUserByEmail(email) {
      const row = db.get(`${USER} WHERE email = :email`, { email });
      return row ? toUser(row) : null;
    },

    async listUsers({ limit, cursor }) {
      const after = cursor === undefined ? null : decodeCursor(cursor);
      const rows = db.all(
        `${USER} WHERE :afterId IS NULL OR (created_at, id) > (:afterAt, :afterId)
         ORDER BY created_at, id LIMIT :limit`,
        { afterAt: after?.at ?? null, afterId: after?.id ?? null, limit: limit + 1 },
      );
      return toPage(rows.map(toUser), limit, (user) => ({ at: user.createdAt, id: user.id }));
    },

    async searchUsers({ prefix, limit }) {
      // LIKE is case-insensitive for ASCII; the prefix's own wildcards are escaped.
      const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db
        .all(
          `${USER} WHERE disabled = 0 AND (email LIKE :like ESCAPE '\\' OR name LIKE :like ESCAPE '\\'
             OR name LIKE '% ' || :like ESCAPE '\\')
           ORDER BY name COLLATE NOCASE, id LIMIT :limit`,
          { like, limit },
        )
        .map(toUser);
    },

    async listGroupMembers(group, { limit }) {
      return db
        .all(
          `${USER} WHERE id IN (SELECT user_id FROM group_members WHERE group_id = :group)
           ORDER BY created_at, id LIMIT :limit`,
          { group, limit },
        )
        .map(toUser);
    },

    async updateUser(id, patch) {
      return writes.run(() => {
        const current = getUser(id);
        if (!current) throw new StoreError('NOT_FOUND', `User ${id} does not exist.`);
        const next: User = { ...current, ...definedOnly(patch) };
        conflictOnUnique(`The e-mail ${next.email}`, () =>
          db.run(
            `UPDATE users SET email = :email, name = :name, password_hash = :passwordHash, roles = :roles,
               groups_json = :groups, disabled = :disabled, must_change_password = :mustChangePassword
             WHERE id = :id`,
            userParams(next),
          ),
        );
        if (patch.groups !== undefined) setMemberships(db, id, patch.groups);
        return getUser(id)!;
      });
    },

    async setUserAway(id, away) {
      return writes.run(() => {
        const changed = db.run('UPDATE users SET away = :away WHERE id = :id', {
          id,
          away: away ? toJsonText(away) : null,
        });
        if (changed === 0) throw new StoreError('NOT_FOUND', `User ${id} does not exist.`);
        return getUser(id)!;
      });
    },

    async deleteUser(id) {
      return (await writes.run(() => db.run('DELETE FROM users WHERE id = :id', { id }))) > 0;
    },

    async createSession(session) {
      await writes.run(() =>
        conflictOnUnique('The session id', () =>
          db.run('INSERT INTO sessions (id, user_id, expires_at) VALUES (:id, :userId, :expiresAt)', session),
        ),
      );
    },

    async getSession(id) {
      const row = db.get('SELECT * FROM sessions WHERE id = :id', { id });
      return row ? toSession(row) : null;
    },

    async deleteSession(id) {
      return (await writes.run(() => db.run('DELETE FROM sessions WHERE id = :id', { id }))) > 0;
    },

    async deleteUserSessions(userId) {
      return writes.run(() => db.run('DELETE FROM sessions WHERE user_id = :userId', { userId }));
    },

    async deleteExpiredSessions(now) {
      return writes.run(() => db.run('DELETE FROM sessions WHERE expires_at <= :now', { now }));
    },

    async createApiToken(token) {
      await writes.run(() =>
        conflictOnUnique('The API token id or hash', () =>
          db.run(
            `INSERT INTO api_tokens (id, token_hash, name, user_id, roles, created_at, last_used_at)
           VALUES (:id, :tokenHash, :name, :userId, :roles, :createdAt, :lastUsedAt)`,
            { ...token, roles: toJsonText(token.roles), lastUsedAt: token.lastUsedAt ?? null },
          ),
        ),
      );
    },

    async getApiTokenByHash(tokenHash) {
      const row = db.get('SELECT * FROM api_tokens WHERE token_hash = :tokenHash', { tokenHash });
      return row ? toApiToken(row) : null;
    },

    async listApiTokens(userId) {
      return db
        .all('SELECT * FROM api_tokens WHERE user_id = :userId ORDER BY created_at, id', { userId })
        .map(toApiToken);
    },

    async touchApiToken(id, usedAt) {
      await writes.run(() =>
        db.run('UPDATE api_tokens SET last_used_at = :usedAt WHERE id = :id', { id, usedAt }),
      );
    },

    async deleteApiToken(id) {
      return (await writes.run(() => db.run('DELETE FROM api_tokens WHERE id = :id', { id }))) > 0;
    },
  };
}
