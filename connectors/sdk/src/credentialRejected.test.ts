import { afterEach, describe, expect, it } from 'vitest';
import { credential } from './credential';
import type { CredentialKind } from './credentialKind';
import { probeConnector, watchPeer } from './authProbe.fixture';
import { startHttpPeer, type HttpPeer, type PeerRoute } from './testing/httpPeer';
import { runAction } from './testing/runAction';
import { createTokenCache, type TokenCache } from './tokenCache';

let peer: HttpPeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

// The token endpoint hands out t1, t2, ...; the API accepts only the headers in `accepted`.
async function startPeer(accepted: readonly string[]) {
  let issued = 0;
  const routes: Record<string, PeerRoute> = {
    'POST /oauth/token': () => ({ json: { access_token: `t${++issued}`, expires_in: 3600 } }),
    'POST /api/items': (req) =>
      accepted.includes(req.headers.authorization ?? '')
        ? { status: 201, json: { id: 7 } }
        : { status: 401, json: { error: 'invalid_token' } },
  };
  peer = await startHttpPeer(routes);
  return watchPeer(peer);
}

const oauth = credential.oauth2ClientCredentials({ tokenUrl: '/oauth/token', scope: 'items' });
const run = (auth: CredentialKind, credentials: unknown, baseUrl: string, tokenCache?: TokenCache) =>
  runAction(probeConnector(auth), 'create', {
    input: {},
    credentials,
    settings: { baseUrl },
    network: { allowLoopback: true },
    ...(tokenCache ? { tokenCache } : {}),
  });

describe('a credential the peer rejects with 401', () => {
  it('oauth2: forgets the revoked token, fetches a new one and succeeds with one retry', async () => {
    const p = await startPeer(['Bearer t2']);
    const result = await run(oauth, { clientId: 'cid', clientSecret: 'csecret' }, p.url);
    expect(result).toEqual({ ok: true, output: { id: 7 } });
    expect(p.tokenFetches()).toBe(2);
    expect(p.apiCalls()).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('oauth2: a shared cache keeps the new token for the next job', async () => {
    const p = await startPeer(['Bearer t2']);
    const tokenCache = createTokenCache();
    const credentials = { clientId: 'cid', clientSecret: 'csecret' };
    await run(oauth, credentials, p.url, tokenCache);
    expect(await run(oauth, credentials, p.url, tokenCache)).toMatchObject({ ok: true });
    expect(p.tokenFetches()).toBe(2);
    expect(p.apiCalls()).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t2']);
  });

  it('oauth2: a peer that always answers 401 gives the usual auth error after exactly one retry', async () => {
    const p = await startPeer([]);
    const result = await run(oauth, { clientId: 'cid', clientSecret: 'csecret' }, p.url);
    expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_401', retryable: false } });
    expect(p.tokenFetches()).toBe(2);
    expect(p.apiCalls()).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it.each([
    ['bearer', credential.bearer(), { token: 'static' }],
    ['apiKey', credential.apiKey(), { apiKey: 'static' }],
  ] as const)('%s: a static credential is not retried (one request)', async (_name, auth, credentials) => {
    expect(auth.rejected).toBeUndefined();
    const p = await startPeer([]);
    const result = await run(auth, credentials, p.url);
    expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_401', retryable: false } });
    expect(p.apiCalls()).toHaveLength(1);
    expect(p.tokenFetches()).toBe(0);
  });
});
