import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../errors';
import { startHttpPeer, type HttpPeer, type PeerRoute } from '../testing/httpPeer';
import { createSafeHttpClient, type SafeHttpClientOptions } from './safeHttpClient';

let peers: HttpPeer[] = [];
const peer = async (routes: Record<string, PeerRoute>) => {
  const started = await startHttpPeer(routes);
  peers.push(started);
  return started;
};
const loopback = (extra: SafeHttpClientOptions = {}) =>
  createSafeHttpClient({ network: { allowLoopback: true }, ...extra });

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

let connects: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  connects = vi.spyOn(net.Socket.prototype, 'connect');
});
afterEach(async () => {
  connects.mockRestore();
  await Promise.all(peers.map((p) => p.close()));
  peers = [];
});

describe('safeHttpClient: requests', () => {
  it('sends a JSON body, query parameters and headers under the base URL path', async () => {
    const p = await peer({ 'POST /base/api/items': () => ({ status: 201, json: { id: 7 } }) });
    const http = loopback({ baseUrl: `${p.url}/base/` });
    const res = await http.post('/api/items', {
      json: { name: 'laptop' },
      query: { tag: ['a', 'b'], limit: 5, skip: undefined },
      headers: { 'X-Request-Id': 'job-1' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 7 });
    const [received] = p.requests;
    expect(received?.json()).toEqual({ name: 'laptop' });
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['x-request-id']).toBe('job-1');
    expect(received?.query).toEqual({ tag: 'b', limit: '5' });
    expect(res.url).toBe(`${p.url}/base/api/items?tag=a&tag=b&limit=5`);
  });

  it('sends form and text bodies with their content types', async () => {
    const p = await peer({ 'PUT /form': () => ({ status: 204 }), 'PATCH /text': () => ({ text: 'ok' }) });
    const http = loopback({ baseUrl: p.url });
    await http.put('/form', { form: { grant_type: 'client_credentials', n: 1 } });
    const res = await http.patch('/text', { text: 'hello' });
    expect(await res.text()).toBe('ok');
    expect(p.requests[0]?.body).toBe('grant_type=client_credentials&n=1');
    expect(p.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(p.requests[1]?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('applies authorization headers to the base URL origin', async () => {
    const p = await peer({ 'DELETE /x': () => ({ status: 204 }) });
    const http = loopback({ baseUrl: p.url, authorize: async () => ({ authorization: 'Bearer t0k3n' }) });
    await http.delete('/x');
    expect(p.requests[0]?.headers.authorization).toBe('Bearer t0k3n');
  });

  it('never forwards credentials across a redirect to another origin', async () => {
    const other = await peer({ 'GET /landing': () => ({ json: { ok: true } }) });
    const p = await peer({
      'GET /go': () => ({ status: 302, headers: { location: `${other.url}/landing` } }),
    });
    const http = loopback({ baseUrl: p.url, authorize: async () => ({ authorization: 'Bearer secret' }) });
    const res = await http.get('/go', { headers: { cookie: 'sid=1' } });
    expect(await res.json()).toEqual({ ok: true });
    expect(p.requests[0]?.headers.authorization).toBe('Bearer secret');
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(other.requests[0]?.headers.cookie).toBeUndefined();
  });

  it('turns a POST answered by 303 into a GET without a body', async () => {
    const p = await peer({
      'POST /submit': () => ({ status: 303, headers: { location: '/result' } }),
      'GET /result': () => ({ json: { done: true } }),
    });
    const res = await loopback({ baseUrl: p.url }).post('/submit', { json: { a: 1 } });
    expect(await res.json()).toEqual({ done: true });
    expect(p.requests[1]).toMatchObject({ method: 'GET', body: '' });
  });

  it('stops after five redirects', async () => {
    const p = await peer({ 'GET /loop': () => ({ status: 302, headers: { location: '/loop' } }) });
    const error = await failure(loopback({ baseUrl: p.url }).get('/loop'));
    expect(error).toMatchObject({ code: 'TOO_MANY_REDIRECTS', retryable: false });
    expect(p.requests).toHaveLength(6);
  });

  it('refuses a response above the size cap', async () => {
    const p = await peer({ 'GET /big': () => ({ text: 'x'.repeat(5000) }) });
    const error = await failure(loopback({ baseUrl: p.url, maxResponseBytes: 1000 }).get('/big'));
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', retryable: false });
  });

  it('reports a body that is not JSON as a permanent error', async () => {
    const p = await peer({ 'GET /html': () => ({ text: '<html>' }) });
    const res = await loopback({ baseUrl: p.url }).get('/html');
    expect(await failure(res.json())).toMatchObject({ code: 'INVALID_JSON', retryable: false });
  });
});

describe('safeHttpClient: statuses become errors', () => {
  it('times out a slow peer as retryable', async () => {
    const p = await peer({ 'GET /slow': () => new Promise(() => undefined) });
    const error = await failure(loopback({ baseUrl: p.url }).get('/slow', { timeoutMs: 100 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('treats an aborted attempt as cancelled', async () => {
    const p = await peer({ 'GET /slow': () => new Promise(() => undefined) });
    const controller = new AbortController();
    const pending = loopback({ baseUrl: p.url, signal: controller.signal }).get('/slow');
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ code: 'CANCELLED', retryable: false });
  });

  it('maps 429 with Retry-After seconds to RATE_LIMITED with retryAfterMs', async () => {
    const p = await peer({ 'GET /busy': () => ({ status: 429, headers: { 'retry-after': '2' } }) });
    const error = await failure(loopback({ baseUrl: p.url }).get('/busy'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 2000 });
  });

  it('reads a Retry-After HTTP-date against the injected clock', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    const p = await peer({
      'GET /busy': () => ({ status: 503, headers: { 'retry-after': 'Sun, 01 Mar 2026 10:00:30 GMT' } }),
    });
    const error = await failure(loopback({ baseUrl: p.url, now: () => now }).get('/busy'));
    expect(error).toMatchObject({ code: 'HTTP_503', retryable: true, retryAfterMs: 30_000 });
  });

  it.each([
    [503, true],
    [500, true],
    [408, true],
    [404, false],
    [400, false],
    [401, false],
  ])('maps %i to retryable=%s with code HTTP_<status>', async (status, retry) => {
    const p = await peer({ 'GET /x': () => ({ status, json: { error: 'nope' } }) });
    const error = await failure(loopback({ baseUrl: p.url }).get('/x?token=abc'));
    expect(error).toMatchObject({ code: `HTTP_${status}`, retryable: retry });
    expect(error.message).not.toContain('token=abc');
    expect(error.details).toMatchObject({ status, body: '{"error":"nope"}' });
  });

  it('returns error statuses as responses when asked to', async () => {
    const p = await peer({ 'GET /missing': () => ({ status: 404 }) });
    const res = await loopback({ baseUrl: p.url }).get('/missing', { throwOnHttpError: false });
    expect(res.status).toBe(404);
  });

  it('reports a refused connection as a retryable network error', async () => {
    const p = await peer({});
    const url = p.url;
    await p.close();
    peers = [];
    expect(await failure(loopback().get(`${url}/x`))).toMatchObject({
      code: 'NETWORK_ERROR',
      retryable: true,
    });
  });
});

describe('safeHttpClient: SSRF guard', () => {
  it.each([
    'http://127.0.0.1:9/',
    'http://[::1]:9/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://192.168.1.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://localhost:9/',
  ])('refuses %s before opening any connection', async (url) => {
    const error = await failure(createSafeHttpClient().get(url));
    expect(error).toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
    expect(error.message).toMatch(/Refused to connect/);
    expect(connects).not.toHaveBeenCalled();
  });

  it('refuses a loopback peer by default and reaches it with allowLoopback', async () => {
    const p = await peer({ 'GET /ok': () => ({ json: { ok: true } }) });
    expect((await failure(createSafeHttpClient({ baseUrl: p.url }).get('/ok'))).code).toBe('SSRF_BLOCKED');
    expect(p.requests).toHaveLength(0);
    const res = await loopback({ baseUrl: p.url }).get('/ok');
    expect(await res.json()).toEqual({ ok: true });
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/admin',
    'http://[::ffff:a9fe:a9fe]/',
  ])('refuses a redirect to %s at the redirect', async (target) => {
    const p = await peer({ 'GET /jump': () => ({ status: 302, headers: { location: target } }) });
    const error = await failure(loopback({ baseUrl: p.url }).get('/jump'));
    expect(error).toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
    expect(p.requests).toHaveLength(1);
    // Only the connection to the peer itself was ever opened.
    expect(connects).toHaveBeenCalledTimes(1);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const p = await peer({
      'GET /jump': () => ({ status: 302, headers: { location: 'file:///etc/passwd' } }),
    });
    expect((await failure(loopback({ baseUrl: p.url }).get('/jump'))).code).toBe('UNSUPPORTED_PROTOCOL');
  });

  it('connects to the vetted address even when the name would resolve elsewhere later', async () => {
    const p = await peer({ 'GET /pinned': () => ({ json: { pinned: true } }) });
    const port = new URL(p.url).port;
    let calls = 0;
    // A rebinding resolver: first answer is the allowed loopback peer, later answers are metadata.
    const lookup = async () => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
    };
    const http = createSafeHttpClient({ network: { allowLoopback: true }, lookup });
    const res = await http.get(`http://rebind.test:${port}/pinned`);
    expect(await res.json()).toEqual({ pinned: true });
    expect(calls).toBe(1);
    expect(p.requests[0]?.headers.host).toBe(`rebind.test:${port}`);
  });
});
