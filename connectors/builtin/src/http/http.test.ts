import {
  describeConnectorContract,
  runAction,
  startHttpPeer,
  type HttpPeer,
} from '@flowline/connector-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { http, httpOAuth2 } from './index';

const loopback = { allowLoopback: true };
const peers: HttpPeer[] = [];
const start = async (routes: Parameters<typeof startHttpPeer>[0]) => {
  const peer = await startHttpPeer(routes);
  peers.push(peer);
  return peer;
};
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

describeConnectorContract(http);
describeConnectorContract(httpOAuth2);

describe('http.request', () => {
  it('sends method, relative path, query and headers, and returns the parsed JSON answer', async () => {
    const peer = await start({
      'GET /api/items': (req) => ({ json: { q: req.query }, headers: { 'x-total': '2' } }),
    });
    const result = await runAction(http, 'request', {
      input: { url: '/items', query: { tag: ['a', 'b'], limit: 5 }, headers: { 'X-Trace': 't1' } },
      settings: { baseUrl: `${peer.url}/api` },
      network: loopback,
    });
    expect(result).toMatchObject({
      ok: true,
      output: { status: 200, body: { q: { tag: 'b', limit: '5' } }, headers: { 'x-total': '2' } },
    });
    expect(peer.requests[0]?.headers['x-trace']).toBe('t1');
    expect(peer.requests[0]?.query).toEqual({ tag: 'b', limit: '5' });
  });

  it('encodes JSON, form and text bodies with their content types', async () => {
    const peer = await start({ 'POST /echo': (req) => ({ text: req.body }) });
    const settings = { baseUrl: peer.url };
    const bodies = [
      { type: 'json', value: { a: 1 } },
      { type: 'form', value: { a: 1, b: 'x y' } },
      { type: 'text', value: 'hello' },
    ] as const;
    for (const body of bodies) {
      const result = await runAction(http, 'request', {
        input: { method: 'POST', url: '/echo', body },
        settings,
        network: loopback,
      });
      expect(result.ok).toBe(true);
    }
    expect(peer.requests.map((r) => [r.headers['content-type'], r.body])).toEqual([
      ['application/json', '{"a":1}'],
      ['application/x-www-form-urlencoded', 'a=1&b=x+y'],
      ['text/plain; charset=utf-8', 'hello'],
    ]);
  });

  it('returns non-JSON answers as text', async () => {
    const peer = await start({ 'GET /': () => ({ text: 'plain words' }) });
    const result = await runAction(http, 'request', {
      input: { url: '/' },
      settings: { baseUrl: peer.url },
      network: loopback,
    });
    expect(result).toMatchObject({ ok: true, output: { status: 200, body: 'plain words' } });
  });

  it.each([
    [{ type: 'bearer', token: 'tok-123' }, 'authorization', 'Bearer tok-123'],
    [
      { type: 'basic', username: 'svc', password: 'pw-secret' },
      'authorization',
      `Basic ${btoa('svc:pw-secret')}`,
    ],
    [{ type: 'apiKey', header: 'X-Api-Token', prefix: 'Key ', apiKey: 'k-999' }, 'x-api-token', 'Key k-999'],
  ])('authenticates with %o', async (auth, header, value) => {
    const peer = await start({ 'GET /me': () => ({ json: {} }) });
    const result = await runAction(http, 'request', {
      input: { url: '/me' },
      credentials: { auth },
      settings: { baseUrl: peer.url },
      network: loopback,
    });
    expect(result.ok).toBe(true);
    expect(peer.requests[0]?.headers[header]).toBe(value);
  });

  it('never sends the credentials to an absolute URL on another origin', async () => {
    const home = await start({});
    const elsewhere = await start({ 'GET /x': () => ({ json: {} }) });
    const result = await runAction(http, 'request', {
      input: { url: `${elsewhere.url}/x` },
      credentials: { auth: { type: 'bearer', token: 'tok-123' } },
      settings: { baseUrl: home.url },
      network: loopback,
    });
    expect(result.ok).toBe(true);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('fetches an OAuth2 client-credentials token and sends it as a Bearer token', async () => {
    const peer = await start({
      'POST /oauth/token': () => ({ json: { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600 } }),
      'GET /data': () => ({ json: { ok: 1 } }),
    });
    const result = await runAction(httpOAuth2, 'request', {
      input: { url: '/data' },
      credentials: { clientId: 'cid', clientSecret: 'csecret', tokenUrl: '/oauth/token' },
      settings: { baseUrl: peer.url },
      network: loopback,
    });
    expect(result).toMatchObject({ ok: true, output: { body: { ok: 1 } } });
    expect(peer.requests[0]?.body).toContain('grant_type=client_credentials');
    expect(peer.requests[1]?.headers.authorization).toBe('Bearer at-1');
  });
});

describe('http.request idempotency key', () => {
  const send = (peer: HttpPeer, input: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
    runAction(http, 'request', {
      input: { method: 'POST', url: '/orders', ...input },
      settings: { baseUrl: peer.url, ...settings },
      network: loopback,
      idempotencyKey: 'inst-7:order#1',
    });
  const routes = { 'POST /orders': () => ({ status: 201, json: { id: 1 } }) };

  it('sends the step’s key as Idempotency-Key by default', async () => {
    const peer = await start(routes);
    expect((await send(peer, {})).ok).toBe(true);
    expect(peer.requests[0]?.headers['idempotency-key']).toBe('inst-7:order#1');
  });

  it('uses the connection’s header name, or none when it is empty', async () => {
    const peer = await start(routes);
    await send(peer, {}, { idempotencyHeader: 'X-Request-Id' });
    await send(peer, {}, { idempotencyHeader: '' });
    expect(peer.requests[0]?.headers['x-request-id']).toBe('inst-7:order#1');
    expect(peer.requests[0]?.headers['idempotency-key']).toBeUndefined();
    expect(peer.requests[1]?.headers['idempotency-key']).toBeUndefined();
  });

  it('lets a request override the header or turn it off, and keeps a header the author set', async () => {
    const peer = await start(routes);
    await send(peer, { idempotencyHeader: 'X-Dedupe' });
    await send(peer, { idempotencyHeader: '' });
    await send(peer, { headers: { 'idempotency-key': 'order-42' } });
    expect(peer.requests.map((r) => [r.headers['x-dedupe'], r.headers['idempotency-key']])).toEqual([
      ['inst-7:order#1', undefined],
      [undefined, undefined],
      [undefined, 'order-42'],
    ]);
  });

  it('refuses a header name that is not one', async () => {
    const peer = await start(routes);
    expect(await send(peer, { idempotencyHeader: 'Bad Header:' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(peer.requests).toHaveLength(0);
  });
});

describe('http.request failures', () => {
  const routes = {
    'GET /missing': () => ({ status: 404, json: { error: 'nope' } }),
    'GET /busy': () => ({ status: 429, text: 'slow down', headers: { 'retry-after': '2' } }),
    'GET /down': () => ({ status: 503, text: 'maintenance' }),
    'GET /hang': () => new Promise<never>(() => undefined),
  };

  it('fails a 4xx permanently', async () => {
    const peer = await start(routes);
    const result = await runAction(http, 'request', {
      input: { url: '/missing' },
      settings: { baseUrl: peer.url },
      network: loopback,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_404', retryable: false } });
  });

  it('returns a 4xx as output when "fail on non-2xx" is off', async () => {
    const peer = await start(routes);
    const result = await runAction(http, 'request', {
      input: { url: '/missing', failOnNon2xx: false },
      settings: { baseUrl: peer.url },
      network: loopback,
    });
    expect(result).toMatchObject({ ok: true, output: { status: 404, body: { error: 'nope' } } });
  });

  it('retries 429 after the Retry-After delay, and 5xx', async () => {
    const peer = await start(routes);
    const settings = { baseUrl: peer.url };
    const busy = await runAction(http, 'request', { input: { url: '/busy' }, settings, network: loopback });
    const down = await runAction(http, 'request', { input: { url: '/down' }, settings, network: loopback });
    expect(busy).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 2000 },
    });
    expect(down).toMatchObject({ ok: false, error: { code: 'HTTP_503', retryable: true } });
  });

  it('times out as a retryable failure', async () => {
    const peer = await start(routes);
    const result = await runAction(http, 'request', {
      input: { url: '/hang' },
      settings: { baseUrl: peer.url },
      network: loopback,
      deadline: new Date(Date.now() + 200),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'TIMEOUT', retryable: true } });
  });

  it('refuses 127.0.0.1 before connecting when loopback is not allowed', async () => {
    const peer = await start(routes);
    const result = await runAction(http, 'request', {
      input: { url: '/missing' },
      settings: { baseUrl: peer.url },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSRF_BLOCKED', retryable: false } });
    expect(peer.requests).toHaveLength(0);
  });
});
