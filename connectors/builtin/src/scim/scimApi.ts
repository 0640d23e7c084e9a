import { credential } from '@flowline/connector-sdk';
import { z } from 'zod';

export const ScimSettingsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({
    title: 'SCIM base URL',
    description: 'The service provider’s SCIM 2.0 root, e.g. https://idp.example.com/scim/v2',
  }),
});

export const scimAuth = credential.bearer({
  describe: 'A SCIM bearer token issued by the identity provider',
});

export const scimMediaType = 'application/scim+json';
/** RFC 7644 §3.1: SCIM messages use application/scim+json; plain JSON is accepted back. */
export const scimHeaders = { 'content-type': scimMediaType, accept: `${scimMediaType}, application/json` };

export const userSchemaUrn = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const patchOpUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export const ResourceIdSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((id) => id !== '.' && id !== '..', 'Not a resource id')
  .meta({ title: 'Id' });

export const resourcePath = (type: 'Users' | 'Groups', id: string) => `/${type}/${encodeURIComponent(id)}`;
