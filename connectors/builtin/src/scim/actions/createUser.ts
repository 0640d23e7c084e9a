import { defineAction, isConnectorError, permanent } from '@flowline/connector-sdk';
import { z } from 'zod';
import { scimAuth, scimHeaders, ScimSettingsSchema, userSchemaUrn } from '../scimApi';

const CreatedUserSchema = z.looseObject({ id: z.string(), userName: z.string().optional() });

export const createUser = defineAction({
  id: 'createUser',
  title: 'Create user',
  description: 'Provisions a user (SCIM 2.0 POST /Users). An existing userName fails with SCIM_CONFLICT.',
  credentials: scimAuth,
  settings: ScimSettingsSchema,
  input: z.object({
    userName: z
      .string()
      .min(1)
      .max(256)
      .meta({ title: 'User name', description: 'Unique, often the e-mail address' }),
    givenName: z.string().min(1).meta({ title: 'Given name' }),
    familyName: z.string().min(1).meta({ title: 'Family name' }),
    emails: z
      .array(z.email())
      .max(10)
      .default([])
      .meta({ title: 'E-mail addresses', description: 'The first is primary' }),
    active: z.boolean().default(true).meta({ title: 'Active' }),
  }),
  output: z.object({
    id: z.string().meta({ title: 'User id' }),
    userName: z.string().meta({ title: 'User name' }),
  }),
  async run(ctx, input) {
    const user = {
      schemas: [userSchemaUrn],
      userName: input.userName,
      name: { givenName: input.givenName, familyName: input.familyName },
      emails: input.emails.map((value, i) => ({ value, type: 'work', primary: i === 0 })),
      active: input.active,
    };
    try {
      const res = await ctx.http.post('/Users', { json: user, headers: scimHeaders });
      const created = CreatedUserSchema.safeParse(await res.json());
      if (!created.success)
        throw permanent('UNEXPECTED_RESPONSE', 'The SCIM server answered without a user id');
      return { id: created.data.id, userName: created.data.userName ?? input.userName };
    } catch (error) {
      // RFC 7644 §3.3: 409 with scimType "uniqueness" — the user exists; a retry will not change that.
      if (isConnectorError(error) && error.code === 'HTTP_409') {
        throw permanent('SCIM_CONFLICT', `A user named ${input.userName} already exists`, {
          details: error.details,
          cause: error,
        });
      }
      throw error;
    }
  },
});
