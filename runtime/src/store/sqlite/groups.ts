import { StoreError } from '../errors';
import { decodeCursor, toPage } from '../pageCursor';
import type { GroupStore } from '../port';
import type { Group } from '../schemas/group';
import { isUniqueViolation } from './constraint';
import type { Row, SqlDatabase } from './database';
import { int, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

const toGroup = (row: Row): Group => ({
  id: text(row, 'id'),
  name: text(row, 'name'),
  description: text(row, 'description'),
  createdAt: int(row, 'created_at'),
});

/**
 * Inside an open write: makes `groups` the user's memberships, in that order. Throws NOT_FOUND
 * naming an unknown group before it writes anything (groups are created at /api/groups); and
 * the check sits in the same write as the memberships, so a concurrent delete cannot slip between.
 */
export function setMemberships(db: SqlDatabase, userId: string, groups: readonly string[]): void {
  const ids = toJsonText([...new Set(groups)]);
  const unknown = db.get(
    'SELECT value AS id FROM json_each(:ids) WHERE value NOT IN (SELECT id FROM groups) ORDER BY key LIMIT 1',
    { ids },
  );
  if (unknown) throw new StoreError('NOT_FOUND', `Group ${text(unknown, 'id')} does not exist.`);
  db.run('DELETE FROM group_members WHERE user_id = :userId', { userId });
  db.run(
    `INSERT INTO group_members (group_id, user_id) SELECT value, :userId FROM json_each(:ids) ORDER BY key`,
    { ids, userId },
  );
}

export function sqliteGroups(db: SqlDatabase, writes: Writes): GroupStore {
  const getGroup = (id: string): Group | null => {
    const row = db.get('SELECT * FROM groups WHERE id = :id', { id });
    return row ? toGroup(row) : null;
  };

  return {
    async createGroup(group) {
      await writes.run(() => {
        try {
          db.run(
            'INSERT INTO groups (id, name, description, created_at) VALUES (:id, :name, :description, :createdAt)',
            group,
          );
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new StoreError('CONFLICT', `The group id ${group.id} is already taken.`, { cause: error });
        }
      });
    },

    async getGroup(id) {
      const group = getGroup(id);
      if (!group) return null;
      const members = db
        .all('SELECT user_id FROM group_members WHERE group_id = :id ORDER BY rowid', { id })
        .map((row) => text(row, 'user_id'));
      return { ...group, members };
    },

    async listGroups({ limit, cursor }) {
      const after = cursor === undefined ? null : decodeCursor(cursor).id;
      const rows = db.all(
        `SELECT groups.*, (SELECT count(*) FROM group_members WHERE group_id = groups.id) AS member_count
         FROM groups WHERE :after IS NULL OR id > :after ORDER BY id LIMIT :limit`,
        { after, limit: limit + 1 },
      );
      return toPage(
        rows.map((row) => ({ ...toGroup(row), memberCount: int(row, 'member_count') })),
        limit,
        (group) => ({ at: 0, id: group.id }),
      );
    },

    async updateGroup(id, patch) {
      return writes.run(() => {
        const current = getGroup(id);
        if (!current) throw new StoreError('NOT_FOUND', `Group ${id} does not exist.`);
        const next = {
          ...current,
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
        };
        db.run('UPDATE groups SET name = :name, description = :description WHERE id = :id', {
          id,
          name: next.name,
          description: next.description,
        });
        return next;
      });
    },

    async deleteGroup(id) {
      return (await writes.run(() => db.run('DELETE FROM groups WHERE id = :id', { id }))) > 0;
    },

    async addGroupMember(groupId, userId) {
      return writes.run(() => {
        if (!getGroup(groupId)) throw new StoreError('NOT_FOUND', `Group ${groupId} does not exist.`);
        if (!db.get('SELECT 1 AS x FROM users WHERE id = :userId', { userId }))
          throw new StoreError('NOT_FOUND', `User ${userId} does not exist.`);
        return (
          db.run(
            `INSERT INTO group_members (group_id, user_id) VALUES (:groupId, :userId)
             ON CONFLICT (group_id, user_id) DO NOTHING`,
            { groupId, userId },
          ) > 0
        );
      });
    },

    async removeGroupMember(groupId, userId) {
      return (
        (await writes.run(() =>
          db.run('DELETE FROM group_members WHERE group_id = :groupId AND user_id = :userId', {
            groupId,
            userId,
          }),
        )) > 0
      );
    },
  };
}
