import { z } from 'zod';
import { EpochMsSchema } from './common';

/**
 * A group of users: what approvals assign to by id (`{type: 'group', id}`) and starter groups
 * name. Its members are the users whose `groups` list its id; the membership is the record.
 */
export const GroupSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string(),
  createdAt: EpochMsSchema,
});
export type Group = z.infer<typeof GroupSchema>;

/** A group with its members' user ids, in the order they joined. */
export const GroupWithMembersSchema = GroupSchema.extend({ members: z.array(z.string()) });
export type GroupWithMembers = z.infer<typeof GroupWithMembersSchema>;

export const GroupPatchSchema = GroupSchema.pick({ name: true, description: true }).partial();
export type GroupPatch = z.infer<typeof GroupPatchSchema>;
