import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuthHeaders, AuthorizeEnv, CredentialKind } from './credentialKind';
import { isConnectorError, permanent } from './errors';
import type { CachedToken, TokenCache } from './tokenCache';

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

/**
 * Whose token this is. A shared cache serves many connections, so the key holds everything that
 * makes a token someone else's: the token URL as resolved (a relative one differs per tenant's
 * base URL) and a digest of the secret (a wrong secret must not reuse a right one's token).
 * `authorize` and `rejected` both use it, so a 401 always forgets the token it was sent.
 */
export function cacheKeyOf(values: OAuth2ClientCredentials, env: Pick<AuthorizeEnv, 'baseUrl'>): string {
  let tokenUrl = values.tokenUrl;
  try {
    tokenUrl = new URL(values.tokenUrl, env.baseUrl).href;
  } catch {
    // Relative with no base URL: the request fails later with a clear error; the key stays raw.
  }
  const secret = createHash('sha256').update(values.clientSecret).digest('hex');
  return ['oauth2', tokenUrl, values.clientId, values.scope ?? '', secret].join('\n');
}

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
    const encoded = Buffer.from(pair).toString('base64');
    // As secret as the client secret, and what a token endpoint's error page may echo.
    env.addSecret(encoded);
    headers['authorization'] = `Basic ${encoded}`;
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

/*
 * Single flight: callers that find the cache empty while a fetch for the same key is running wait
 * for that fetch instead of starting their own. The running fetches live here, in a WeakMap keyed
 * by the cache object, not in the cache: a promise is process-local coordination, not a stored
 * value (a cache backed by Redis could not hold one), so `TokenCache` stays a plain get/set/delete
 * that existing custom caches already implement, every cache gets single flight for free, and the
 * entries go away with the cache. A failed fetch is not kept: the next caller tries again.
 */
const running = new WeakMap<TokenCache, Map<string, Promise<CachedToken>>>();

// The fetch runs on the HTTP client (and so the signal) of the attempt that started it. When that
// attempt is cancelled or times out, the waiters did not fail: they try again themselves.
const endedWithItsAttempt = (error: unknown) =>
  isConnectorError(error) && (error.code === 'CANCELLED' || error.code === 'TIMEOUT');

function flightsOf(cache: TokenCache): Map<string, Promise<CachedToken>> {
  let flights = running.get(cache);
  if (flights === undefined) running.set(cache, (flights = new Map()));
  return flights;
}

/** The cached token, else the one a running fetch brings, else a fresh fetch that others can join. */
async function tokenFor(
  key: string,
  env: AuthorizeEnv,
  fetch: () => Promise<{ accessToken: string; lifetimeMs: number }>,
): Promise<CachedToken> {
  const cache = env.tokenCache;
  const flights = flightsOf(cache);
  // A flight given up on is never joined again, even if it were still listed: no busy loop.
  let abandoned: Promise<CachedToken> | undefined;
  for (;;) {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const joined = flights.get(key);
    if (joined === undefined || joined === abandoned) break;
    try {
      return await joined;
    } catch (error) {
      if (!endedWithItsAttempt(error)) throw error;
      abandoned = joined;
    }
  }
  const flight = fetch().then((fetched) => {
    const token = { accessToken: fetched.accessToken, expiresAt: env.now() + fetched.lifetimeMs };
    cache.set(key, token);
    return token;
  });
  flights.set(key, flight);
  // Cached before it leaves the map, so a caller always finds one or the other.
  const settle = () => {
    if (flights.get(key) === flight) flights.delete(key);
  };
  flight.then(settle, settle);
  return flight;
}

const bearerOf = (token: CachedToken): AuthHeaders => ({ authorization: `Bearer ${token.accessToken}` });

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
      const key = cacheKeyOf(values, env);
      const token = await tokenFor(key, env, () => fetchToken(values, options, env));
      env.addSecret(token.accessToken);
      return bearerOf(token);
    },
    // The peer revoked the token early (rotated secret, restart): fetch a new one on the retry.
    // A late 401 for a token another job has already replaced leaves the newer token alone.
    rejected(values: OAuth2ClientCredentials, env: AuthorizeEnv, refused?: AuthHeaders): void {
      const key = cacheKeyOf(values, env);
      const cached = env.tokenCache.get(key);
      if (cached === undefined) return;
      if (refused === undefined || refused['authorization'] === bearerOf(cached)['authorization']) {
        env.tokenCache.delete(key);
      }
    },
    secretsOf: (values: OAuth2ClientCredentials) => [values.clientSecret],
  });
}
