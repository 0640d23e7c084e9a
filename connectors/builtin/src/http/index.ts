import { defineConnector } from '@flowline/connector-sdk';
import { request } from './actions/request';
import { httpAuth, httpOAuth2Auth } from './httpAuth';
import { HttpSettingsSchema } from './httpSettings';

/** Generic HTTP with static credentials (none, bearer, basic, API key header). */
export const http = defineConnector({
  id: 'http',
  title: 'HTTP',
  version: '1.1.0',
  description: 'Call any HTTP API; the SSRF guard checks every request and redirect.',
  credentials: httpAuth,
  settings: HttpSettingsSchema,
  baseUrl: (settings) => settings.baseUrl,
  // A GET of the base URL proves it is reachable; any HTTP answer, even 404, means it is.
  check: async (ctx) => void (await ctx.http.get('', { throwOnHttpError: false })),
  actions: [request],
});

/** Generic HTTP with OAuth 2.0 client credentials (token fetched, cached and sent as Bearer). */
export const httpOAuth2 = defineConnector({
  id: 'http-oauth2',
  title: 'HTTP (OAuth 2.0 client credentials)',
  version: '1.1.0',
  description: 'Call an HTTP API that issues tokens with the OAuth 2.0 client-credentials grant.',
  credentials: httpOAuth2Auth,
  settings: HttpSettingsSchema,
  baseUrl: (settings) => settings.baseUrl,
  // Fetching a token is the part that can fail; the request itself may answer anything.
  check: async (ctx) => void (await ctx.http.get('', { throwOnHttpError: false })),
  actions: [request],
});
