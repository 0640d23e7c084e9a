import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import {
  patchOpUrn,
  resourcePath,
  ResourceIdSchema,
  scimAuth,
  scimHeaders,
  ScimSettingsSchema,
} from '../scimApi';

export const addUserToGroup = defineAction({
  id: 'addUserToGroup',
  title: 'Add user to group',
  description: 'Adds a user to a group with a SCIM PatchOp "add" on members.',
  credentials: scimAuth,
  settings: ScimSettingsSchema,
  input: z.object({
    groupId: ResourceIdSchema.meta({ title: 'Group id' }),
    userId: ResourceIdSchema.meta({ title: 'User id' }),
  }),
  output: z.object({ status: z.int().meta({ title: 'HTTP status' }) }),
  async run(ctx, input) {
    // Adding a member who is already in the group is a no-op for the server (RFC 7644 §3.5.2.1), so retries are safe.
    const res = await ctx.http.patch(resourcePath('Groups', input.groupId), {
      json: {
        schemas: [patchOpUrn],
        Operations: [{ op: 'add', path: 'members', value: [{ value: input.userId }] }],
      },
      headers: scimHeaders,
    });
    return { status: res.status };
  },
});
