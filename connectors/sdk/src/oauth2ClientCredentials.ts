import { z } from 'zod';
import type { AuthHeaders, AuthorizeEnv, CredentialKind } from './credentialKind';
import { isConnectorError, permanent } from './errors';

/** Options fixed by the connector author; values the operator enters live in the schema. */
export interface OAuth2ClientCredentialsOptions {
  readonly describe?: string;
  /** Default token endpoint; relative URLs resolve against the connector's base URL. */
  readonly tokenUrl?: string;
  readonly scope?: string;
  /** How the client proves itself: HTTP Basic (RFC 6749 §2.3.1) or form fields. Default `body`. */
  readonly clientAuth?: 'basic' | 'body';
}

const secret = (title: string) => z.string().min(1).meta({ title, writeOnly: true });

function oauth2Schema(options: OAuth2ClientCredentialsOptions) {
  const tokenUrl = z.string().min(1).meta({ title: 'Token URL' });
  const scope = z.string().meta({ title: 'Scope' });
  return z.object({
    clientId: z.string().min(1).meta({ title: 'Client ID' }),
    clientSecret: secret('Client secret'),
    tokenUrl: options.tokenUrl === undefined ? tokenUrl : tokenUrl.default(options.tokenUrl),
    scope: options.scope === undefined ? scope.optional() : scope.default(options.scope),
  });
}

export type OAuth2ClientCredentialsSchema = ReturnType<typeof oauth2Schema>;
export type OAuth2ClientCredentials = z.output<OAuth2ClientCredentialsSchema>;

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

// One helper for `authorize` and `rejected`, so a 401 always forgets the token it was sent.
const cacheKeyOf = (values: OAuth2ClientCredentials): string =>
  ['oauth2', values.tokenUrl, values.clientId, values.scope ?? ''].join('\n');

// Refresh a little early so a token does not expire between being read and being used.
const expirySkewMs = 30_000;
const defaultLifetimeS = 300;

async function fetchToken(
  values: OAuth2ClientCredentials,
  options: OAuth2ClientCredentialsOptions,
  env: AuthorizeEnv,
): Promise<{ accessToken: string; lifetimeMs: number }> {
  const useBasic = options.clientAuth === 'basic';
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (values.scope) form['scope'] = values.scope;
  if (!useBasic) Object.assign(form, { client_id: values.clientId, client_secret: values.clientSecret });
  const headers: Record<string, string> = { accept: 'application/json' };
  if (useBasic) {
    const pair = `${encodeURIComponent(values.clientId)}:${encodeURIComponent(values.clientSecret)}`;
    headers['authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  let body: unknown;
  try {
    body = await (await env.http.post(values.tokenUrl, { form, headers })).json();
  } catch (err) {
    if (isConnectorError(err) && !err.retryable && err.code.startsWith('HTTP_')) {
      throw permanent('OAUTH_TOKEN_REJECTED', 'The token endpoint refused the client credentials', {
        details: err.details,
        cause: err,
      });
    }
    throw err;
  }
  const parsed = TokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw permanent('OAUTH_TOKEN_RESPONSE_INVALID', 'The token endpoint answered without an access_token');
  }
  const lifetimeS = parsed.data.expires_in ?? defaultLifetimeS;
  return {
    accessToken: parsed.data.access_token,
    lifetimeMs: Math.max(lifetimeS * 1000 - expirySkewMs, 1000),
  };
}

/**
 * OAuth 2.0 client-credentials grant: the token is fetched through the guarded HTTP client, cached
 * until shortly before it expires (or until the peer answers 401 to it), and sent as a Bearer header.
 *
 * @example
 * const auth = credential.oauth2ClientCredentials({ tokenUrl: '/oauth_token.do', scope: 'useraccount' });
 */
export function oauth2ClientCredentials(
  options: OAuth2ClientCredentialsOptions = {},
): CredentialKind<'oauth2ClientCredentials', OAuth2ClientCredentialsSchema> {
  return Object.freeze({
    kind: 'oauth2ClientCredentials' as const,
    schema: oauth2Schema(options),
    ...(options.describe === undefined ? {} : { describe: options.describe }),
    async authorize(values: OAuth2ClientCredentials, env: AuthorizeEnv): Promise<AuthHeaders> {
      const key = cacheKeyOf(values);
      let token = env.tokenCache.get(key);
      if (!token) {
        const fetched = await fetchToken(values, options, env);
        token = { accessToken: fetched.accessToken, expiresAt: env.now() + fetched.lifetimeMs };
        env.tokenCache.set(key, token);
      }
      env.addSecret(token.accessToken);
      return { authorization: `Bearer ${token.accessToken}` };
    },
    // The peer revoked the token early (rotated secret, restart): fetch a new one on the retry.
    rejected(values: OAuth2ClientCredentials, env: AuthorizeEnv): void {
      env.tokenCache.delete(cacheKeyOf(values));
    },
    secretsOf: (values: OAuth2ClientCredentials) => [values.clientSecret],
  });
}
