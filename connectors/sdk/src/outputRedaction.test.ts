import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { credential } from './credential';
import type { CredentialKind } from './credentialKind';
import { defineAction } from './defineAction';
import { defineConnector } from './defineConnector';
import { startHttpPeer, type HttpPeer } from './testing/httpPeer';
import { runAction } from './testing/runAction';
import { writeOnlySecrets } from './writeOnlySecrets';

const Settings = z.object({ baseUrl: z.url() });

/** A connector whose one action returns whatever the peer answered: the reflecting endpoint. */
function echoConnector<C extends CredentialKind>(auth: C) {
  const echo = defineAction({
    id: 'echo',
    title: 'Echo',
    description: 'Returns the peer’s answer as output.',
    credentials: auth,
    settings: Settings,
    input: z.object({}),
    output: z.object({ answer: z.unknown() }),
    async run(ctx) {
      return { answer: await (await ctx.http.get('/echo')).json() };
    },
  });
  return defineConnector({
    id: 'echo-probe',
    title: 'Echo probe',
    version: '1.0.0',
    credentials: auth,
    settings: Settings,
    baseUrl: (s) => s.baseUrl,
    actions: [echo],
  });
}

let peer: HttpPeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

/** A peer that reflects the request headers in every shape a careless API might. */
const startEchoPeer = async () =>
  (peer = await startHttpPeer({
    'POST /oauth/token': () => ({ json: { access_token: 'at-fetched-123', expires_in: 3600 } }),
    'GET /echo': (req) => {
      const auth = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');
      return {
        json: {
          headers: req.headers,
          [auth]: 'as a key',
          inUrl: `https://peer/cb?auth=${encodeURIComponent(auth)}`,
          bare: auth.split(' ').at(-1),
          scheme: 'basic none bearer',
        },
      };
    },
  }));

const echo = <C extends CredentialKind>(auth: C, credentials: unknown) =>
  runAction(echoConnector(auth), 'echo', {
    input: {},
    credentials,
    settings: { baseUrl: peer!.url },
    network: { allowLoopback: true },
  });

describe('executeAction masks what a peer reflects before the output is stored', () => {
  it.each([
    ['bearer', credential.bearer(), { token: 'tok-bearer-1' }, ['tok-bearer-1']],
    [
      'basic (the password and the encoded pair)',
      credential.basic(),
      { username: 'svc', password: 'pw-basic-1' },
      ['pw-basic-1', Buffer.from('svc:pw-basic-1').toString('base64')],
    ],
    [
      'apiKey with a prefix',
      credential.apiKey({ header: 'X-API-Key', prefix: 'Key ' }),
      { apiKey: 'k-api-1' },
      ['k-api-1'],
    ],
    [
      'custom headers derived from a writeOnly field',
      credential.custom(z.object({ email: z.email(), apiToken: z.string().meta({ writeOnly: true }) }), {
        headers: (v) => ({ authorization: `Basic ${btoa(`${v.email}:${v.apiToken}`)}` }),
      }),
      { email: 'bot@example.com', apiToken: 'jira-tok-1' },
      ['jira-tok-1', btoa('bot@example.com:jira-tok-1')],
    ],
    [
      'oauth2 (the access token it fetched)',
      credential.oauth2ClientCredentials({ tokenUrl: '/oauth/token' }),
      { clientId: 'cid', clientSecret: 'cs-1' },
      ['at-fetched-123'],
    ],
  ])('%s', async (_name, auth, credentials, secrets) => {
    await startEchoPeer();
    const result = await echo(auth, credentials);
    expect(result.ok).toBe(true);
    const stored = JSON.stringify(result);
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(encodeURIComponent(secret));
    }
    expect(stored).toContain('[REDACTED]');
    // Data that merely looks sensitive stays: only known secret values are masked.
    expect(stored).toContain('basic none bearer');
  });

  it('keeps the non-secret fields of a custom credential, such as the account name', async () => {
    await startEchoPeer();
    const auth = credential.custom(
      z.object({ account: z.string(), key: z.string().meta({ writeOnly: true }) }),
      { headers: (v) => ({ 'x-api-key': v.key, 'x-account': v.account }) },
    );
    const result = await echo(auth, { account: 'service-desk', key: 'k-custom-1' });
    expect(JSON.stringify(result)).not.toContain('k-custom-1');
    expect(result).toMatchObject({
      ok: true,
      output: { answer: { headers: { 'x-account': 'service-desk' } } },
    });
  });
});

describe('writeOnlySecrets', () => {
  it('collects the strings under writeOnly fields, through unions and optionals', () => {
    const schema = z.object({
      auth: z.discriminatedUnion('type', [
        z.object({ type: z.literal('none') }),
        z.object({ type: z.literal('bearer'), token: z.string().meta({ writeOnly: true }) }),
      ]),
      password: z.string().optional().meta({ writeOnly: true }),
      user: z.string(),
    });
    const secretsOf = writeOnlySecrets(schema);
    expect(secretsOf({ auth: { type: 'bearer', token: 't-1' }, password: 'p-1', user: 'svc' })).toEqual([
      't-1',
      'p-1',
    ]);
    expect(secretsOf({ auth: { type: 'none' }, user: 'svc' })).toEqual([]);
  });

  it('treats every string as secret when the schema marks none', () => {
    expect(writeOnlySecrets(z.object({ a: z.string(), b: z.string() }))({ a: 'x', b: 'y' })).toEqual([
      'x',
      'y',
    ]);
  });
});
