/**
 * Collection `groups`: { _id: group id, name, description, createdAt: epoch ms, joins: number }.
 *
 * Memberships live in the member's user document (users.ts: `memberships: [{group, seq}]`, in the
 * user's order), so writing a user and their groups is one single-document write, and deleting a
 * user leaves no membership behind. `joins` counts the group's joins: each join takes the next
 * number as its `seq`, which orders the group's members by when they joined, whichever replica
 * added them.
 */
import type { Document, Filter } from 'mongodb';
import { StoreError } from '../errors';
import { decodeCursor, toPage } from '../pageCursor';
import type { GroupStore } from '../port';
import type { Group, GroupPatch } from '../schemas/group';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import { conflictOnDuplicate } from './duplicateKey';
import { USERS, type Membership, type UserDocument } from './userDocuments';

export const GROUPS = 'groups';

export interface GroupDocument {
  _id: string;
  name: string;
  description: string;
  createdAt: number;
  joins: number;
}

export const groupDocument = (group: Group): GroupDocument => ({
  _id: group.id,
  name: group.name,
  description: group.description,
  createdAt: group.createdAt,
  joins: 0,
});

export const toGroup = (doc: GroupDocument): Group => ({
  id: doc._id,
  name: doc.name,
  description: doc.description,
  createdAt: doc.createdAt,
});

/** Only the fields the patch sets. */
export const groupPatchUpdate = (patch: GroupPatch): { $set: Partial<GroupDocument> } => ({
  $set: {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
  },
});

/** The group's members in the order they joined. */
export const membersPipeline = (groupId: string): Document[] => [
  { $match: { 'memberships.group': groupId } },
  { $unwind: '$memberships' },
  { $match: { 'memberships.group': groupId } },
  { $sort: { 'memberships.seq': 1, _id: 1 } },
  { $project: { _id: 1 } },
];

/** How many members each of these groups has (groups without members are absent). */
export const memberCountsPipeline = (groupIds: readonly string[]): Document[] => [
  { $match: { 'memberships.group': { $in: [...groupIds] } } },
  { $unwind: '$memberships' },
  { $match: { 'memberships.group': { $in: [...groupIds] } } },
  { $group: { _id: '$memberships.group', count: { $sum: 1 } } },
];

export const memberOf = (groupId: string): Filter<UserDocument> => ({ 'memberships.group': groupId });

export const groupCollections: CollectionSpec[] = [
  {
    name: GROUPS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['_id', 'name', 'description', 'createdAt', 'joins'],
        properties: {
          _id: { bsonType: 'string' },
          name: { bsonType: 'string' },
          description: { bsonType: 'string' },
          createdAt: { bsonType: ['int', 'long', 'double'] },
          joins: { bsonType: ['int', 'long', 'double'] },
        },
      },
    },
    // listGroups pages by _id: the _id index serves it.
    indexes: [],
  },
];

/**
 * Takes the next join number of each group, in that order. Throws NOT_FOUND naming an unknown
 * group (groups are created at /api/groups): no upsert, so a join racing a delete never
 * recreates the group. Returns the memberships in that order.
 */
export async function joinGroups(context: MongoContext, groupIds: readonly string[]): Promise<Membership[]> {
  const groups = consistentCollection<GroupDocument>(context, GROUPS);
  const memberships: Membership[] = [];
  for (const group of [...new Set(groupIds)]) {
    const doc = await groups.findOneAndUpdate(
      { _id: group },
      { $inc: { joins: 1 } },
      { returnDocument: 'after' },
    );
    if (!doc) throw new StoreError('NOT_FOUND', `Group ${group} does not exist.`);
    memberships.push({ group, seq: doc.joins });
  }
  return memberships;
}

/**
 * After a user write that joined `joined`: drops the memberships of any of them deleted since
 * they were joined (deleteGroup's own sweep may have run before the write landed), as if the
 * delete came after the write.
 */
export async function dropVanishedMemberships(
  context: MongoContext,
  userId: string,
  joined: readonly Membership[],
): Promise<void> {
  if (joined.length === 0) return;
  const ids = joined.map((membership) => membership.group);
  const groups = consistentCollection<GroupDocument>(context, GROUPS);
  const present = new Set(
    (await groups.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id),
  );
  const vanished = ids.filter((id) => !present.has(id));
  if (vanished.length === 0) return;
  const users = consistentCollection<UserDocument>(context, USERS);
  await users.updateOne({ _id: userId }, { $pull: { memberships: { group: { $in: vanished } } } });
}

export function mongoGroups(context: MongoContext): GroupStore {
  const groups = consistentCollection<GroupDocument>(context, GROUPS);
  const users = consistentCollection<UserDocument>(context, USERS);

  const memberCounts = async (ids: readonly string[]): Promise<Map<string, number>> => {
    if (ids.length === 0) return new Map();
    const rows = await users.aggregate<{ _id: string; count: number }>(memberCountsPipeline(ids)).toArray();
    return new Map(rows.map((row) => [row._id, row.count]));
  };

  return withStoreErrors('groups', {
    async createGroup(group) {
      await conflictOnDuplicate(`The group id ${group.id}`, () => groups.insertOne(groupDocument(group)));
    },

    async getGroup(id) {
      const doc = await groups.findOne({ _id: id });
      if (!doc) return null;
      const members = await users.aggregate<{ _id: string }>(membersPipeline(id)).toArray();
      return { ...toGroup(doc), members: members.map((member) => member._id) };
    },

    async listGroups({ limit, cursor }) {
      const after = cursor === undefined ? undefined : decodeCursor(cursor).id;
      const docs = await groups
        .find(after === undefined ? {} : { _id: { $gt: after } })
        .sort({ _id: 1 })
        .limit(limit + 1)
        .toArray();
      const counts = await memberCounts(docs.slice(0, limit).map((doc) => doc._id));
      return toPage(
        docs.map((doc) => ({ ...toGroup(doc), memberCount: counts.get(doc._id) ?? 0 })),
        limit,
        (group) => ({ at: 0, id: group.id }),
      );
    },

    async updateGroup(id, patch) {
      const update = groupPatchUpdate(patch);
      const doc =
        Object.keys(update.$set).length === 0
          ? await groups.findOne({ _id: id })
          : await groups.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' });
      if (!doc) throw new StoreError('NOT_FOUND', `Group ${id} does not exist.`);
      return toGroup(doc);
    },

    async deleteGroup(id) {
      const pull = () => users.updateMany(memberOf(id), { $pull: { memberships: { group: id } } });
      await pull();
      const deleted = (await groups.deleteOne({ _id: id })).deletedCount > 0;
      // Again after: a member added while the group was being deleted leaves no membership behind.
      await pull();
      return deleted;
    },

    async addGroupMember(groupId, userId) {
      const group = await groups.findOneAndUpdate(
        { _id: groupId },
        { $inc: { joins: 1 } },
        { returnDocument: 'after' },
      );
      if (!group) throw new StoreError('NOT_FOUND', `Group ${groupId} does not exist.`);
      const added = await users.updateOne(
        { _id: userId, 'memberships.group': { $ne: groupId } },
        { $push: { memberships: { group: groupId, seq: group.joins } } },
      );
      if (added.modifiedCount > 0) return true;
      if (!(await users.findOne({ _id: userId }, { projection: { _id: 1 } })))
        throw new StoreError('NOT_FOUND', `User ${userId} does not exist.`);
      return false;
    },

    async removeGroupMember(groupId, userId) {
      const removed = await users.updateOne(
        { _id: userId, 'memberships.group': groupId },
        { $pull: { memberships: { group: groupId } } },
      );
      return removed.modifiedCount > 0;
    },
  });
}
