import { credential } from '@flowline/connector-sdk';
import { z } from 'zod';

const secret = (title: string) => z.string().min(1).meta({ title, writeOnly: true });

/**
 * How the generic HTTP connector authenticates. The SDK gives a connector exactly one credential
 * kind, so the static schemes (none, bearer, basic, API key header) are one `custom` credential
 * with a discriminated union: the designer renders one form with a scheme selector, and every
 * value stays encrypted and redacted. OAuth2 client credentials needs a token fetch and cache,
 * which a static header mapping cannot do, so it is its own connector (`http-oauth2`) on the SDK's
 * `oauth2ClientCredentials` kind.
 */
export const HttpAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).meta({ title: 'No authentication' }),
  z.object({ type: z.literal('bearer'), token: secret('Token') }).meta({ title: 'Bearer token' }),
  z
    .object({
      type: z.literal('basic'),
      username: z.string().min(1).meta({ title: 'Username' }),
      password: secret('Password'),
    })
    .meta({ title: 'Basic (user name and password)' }),
  z
    .object({
      type: z.literal('apiKey'),
      header: z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, 'Use letters, digits and dashes')
        .default('X-API-Key')
        .meta({ title: 'Header name' }),
      prefix: z
        .string()
        .default('')
        .meta({ title: 'Prefix', description: 'Text before the key, e.g. "Token "' }),
      apiKey: secret('API key'),
    })
    .meta({ title: 'API key header' }),
]);
export type HttpAuth = z.output<typeof HttpAuthSchema>;

const HttpCredentialsSchema = z.object({
  auth: HttpAuthSchema.default({ type: 'none' }).meta({ title: 'Authentication' }),
});

function headersFor(auth: HttpAuth): Record<string, string> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
      };
    case 'apiKey':
      return { [auth.header.toLowerCase()]: `${auth.prefix}${auth.apiKey}` };
  }
}

/** Static credentials for the `http` connector; headers go only to the base URL's origin. */
export const httpAuth = credential.custom(HttpCredentialsSchema, {
  describe: 'None, a bearer token, a user name and password, or an API key header',
  headers: (values) => headersFor(values.auth),
});

/** OAuth2 client credentials for the `http-oauth2` connector; the SDK fetches and caches the token. */
export const httpOAuth2Auth = credential.oauth2ClientCredentials({
  describe: 'OAuth 2.0 client credentials: the token is fetched and cached, then sent as a Bearer token',
});
