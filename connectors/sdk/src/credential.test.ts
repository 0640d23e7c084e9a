import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { credential } from './credential';
import type { CredentialKind } from './credentialKind';
import { defineAction } from './defineAction';
import { defineConnector } from './defineConnector';
import { startHttpPeer, type HttpPeer, type PeerRoute } from './testing/httpPeer';
import { runAction } from './testing/runAction';
import { createTokenCache } from './tokenCache';

const Settings = z.object({ baseUrl: z.url() });

// One connector per credential kind, each with a `whoami` action that makes two calls.
function connectorWith<C extends CredentialKind>(auth: C) {
  const whoami = defineAction({
    id: 'whoami',
    title: 'Who am I',
    description: 'Calls the peer twice.',
    credentials: auth,
    settings: Settings,
    input: z.object({}),
    output: z.object({ calls: z.number() }),
    async run(ctx) {
      await ctx.http.get('/me');
      await ctx.http.get('/me');
      return { calls: 2 };
    },
  });
  return defineConnector({
    id: 'auth-probe',
    title: 'Auth probe',
    version: '1.0.0',
    credentials: auth,
    settings: Settings,
    baseUrl: (s) => s.baseUrl,
    actions: [whoami],
  });
}

let peer: HttpPeer | undefined;
const start = async (routes: Record<string, PeerRoute> = {}) => {
  peer = await startHttpPeer({ 'GET /me': () => ({ json: { ok: true } }), ...routes });
  return peer;
};
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

async function authorizationOf(auth: CredentialKind, credentials: unknown, header = 'authorization') {
  const p = await start();
  const result = await runAction(connectorWith(auth), 'whoami', {
    input: {},
    credentials,
    settings: { baseUrl: p.url },
    network: { allowLoopback: true },
  });
  expect(result).toEqual({ ok: true, output: { calls: 2 } });
  return p.requests[0]?.headers[header];
}

describe('credential kinds apply themselves to requests', () => {
  it('bearer sends Authorization: Bearer', async () => {
    expect(await authorizationOf(credential.bearer(), { token: 'tok-123' })).toBe('Bearer tok-123');
  });

  it('basic sends Authorization: Basic user:password', async () => {
    const expected = `Basic ${Buffer.from('svc:pa:ss').toString('base64')}`;
    expect(await authorizationOf(credential.basic(), { username: 'svc', password: 'pa:ss' })).toBe(expected);
  });

  it('apiKey sends the key in the configured header, with an optional prefix', async () => {
    expect(await authorizationOf(credential.apiKey(), { apiKey: 'k1' }, 'x-api-key')).toBe('k1');
    await peer?.close();
    const auth = credential.apiKey({ header: 'X-Auth-Token', prefix: 'Token ' });
    expect(await authorizationOf(auth, { apiKey: 'k2' }, 'x-auth-token')).toBe('Token k2');
  });

  it('custom derives headers from its own schema', async () => {
    const auth = credential.custom(z.object({ tenant: z.string(), key: z.string() }), {
      headers: (v) => ({ 'x-tenant': v.tenant, authorization: `Key ${v.key}` }),
    });
    expect(await authorizationOf(auth, { tenant: 't1', key: 'abc' })).toBe('Key abc');
    expect(peer?.requests[0]?.headers['x-tenant']).toBe('t1');
  });

  it('none sends no Authorization header', async () => {
    expect(await authorizationOf(credential.none(), {})).toBeUndefined();
  });
});

describe('oauth2ClientCredentials', () => {
  const tokenRoute = (expiresIn: number) => {
    let issued = 0;
    return {
      'POST /oauth/token': () => ({
        json: { access_token: `at-${++issued}`, token_type: 'Bearer', expires_in: expiresIn },
      }),
    };
  };

  it('fetches a token from the peer once and reuses it for every call of the attempt', async () => {
    const p = await start(tokenRoute(3600));
    const auth = credential.oauth2ClientCredentials({ tokenUrl: '/oauth/token', scope: 'itsm' });
    const result = await runAction(connectorWith(auth), 'whoami', {
      input: {},
      credentials: { clientId: 'cid', clientSecret: 'csecret' },
      settings: { baseUrl: p.url },
      network: { allowLoopback: true },
    });
    expect(result.ok).toBe(true);
    const tokenRequests = p.requests.filter((r) => r.path === '/oauth/token');
    expect(tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'itsm',
      client_id: 'cid',
      client_secret: 'csecret',
    });
    const calls = p.requests.filter((r) => r.path === '/me');
    expect(calls.map((r) => r.headers.authorization)).toEqual(['Bearer at-1', 'Bearer at-1']);
  });

  it('shares a token across attempts through a shared cache until it expires', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const p = await start(tokenRoute(60));
    const auth = credential.oauth2ClientCredentials({ tokenUrl: '/oauth/token', clientAuth: 'basic' });
    const tokenCache = createTokenCache(now);
    const attempt = () =>
      runAction(connectorWith(auth), 'whoami', {
        input: {},
        credentials: { clientId: 'cid', clientSecret: 'csecret' },
        settings: { baseUrl: p.url },
        network: { allowLoopback: true },
        tokenCache,
        now,
      });
    await attempt();
    await attempt();
    expect(p.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
    expect(p.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('cid:csecret').toString('base64')}`,
    );
    clock += 61_000;
    await attempt();
    expect(p.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(2);
    expect(p.requests.at(-1)?.headers.authorization).toBe('Bearer at-2');
  });

  it('reports a rejected client as a permanent OAUTH_TOKEN_REJECTED without leaking the secret', async () => {
    const p = await start({
      'POST /oauth/token': () => ({ status: 401, json: { error: 'invalid_client' } }),
    });
    const result = await runAction(connectorWith(credential.oauth2ClientCredentials()), 'whoami', {
      input: {},
      credentials: { clientId: 'cid', clientSecret: 'csecret', tokenUrl: `${p.url}/oauth/token` },
      settings: { baseUrl: p.url },
      network: { allowLoopback: true },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'OAUTH_TOKEN_REJECTED', retryable: false } });
    expect(JSON.stringify(result)).not.toContain('csecret');
  });

  it('keeps the token endpoint behind the SSRF guard', async () => {
    const p = await start();
    const result = await runAction(connectorWith(credential.oauth2ClientCredentials()), 'whoami', {
      input: {},
      credentials: { clientId: 'cid', clientSecret: 'csecret', tokenUrl: 'http://169.254.169.254/token' },
      settings: { baseUrl: p.url },
      network: { allowLoopback: true },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED' } });
    expect(p.requests).toHaveLength(0);
  });
});
