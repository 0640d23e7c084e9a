import { defineConnector } from '@flowline/connector-sdk';
import { addUserToGroup } from './actions/addUserToGroup';
import { createUser } from './actions/createUser';
import { deactivateUser } from './actions/deactivateUser';
import { scimAuth, scimHeaders, ScimSettingsSchema } from './scimApi';

export const scim = defineConnector({
  id: 'scim',
  title: 'SCIM 2.0',
  version: '1.0.0',
  description: 'Provision users and group memberships in any SCIM 2.0 service provider (RFC 7643/7644).',
  credentials: scimAuth,
  settings: ScimSettingsSchema,
  baseUrl: (settings) => settings.baseUrl,
  check: async (ctx) =>
    void (await ctx.http.get('/ServiceProviderConfig', { headers: { accept: scimHeaders.accept } })),
  actions: [createUser, addUserToGroup, deactivateUser],
});
