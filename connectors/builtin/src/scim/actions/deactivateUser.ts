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

export const deactivateUser = defineAction({
  id: 'deactivateUser',
  title: 'Deactivate user',
  description: 'Sets a user inactive (PatchOp replace active=false) without deleting the account.',
  credentials: scimAuth,
  settings: ScimSettingsSchema,
  input: z.object({ userId: ResourceIdSchema.meta({ title: 'User id' }) }),
  output: z.object({ status: z.int().meta({ title: 'HTTP status' }) }),
  async run(ctx, input) {
    const res = await ctx.http.patch(resourcePath('Users', input.userId), {
      json: { schemas: [patchOpUrn], Operations: [{ op: 'replace', path: 'active', value: false }] },
      headers: scimHeaders,
    });
    return { status: res.status };
  },
});
