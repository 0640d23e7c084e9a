import { afterEach, describe, expect, it } from 'vitest';
import type { AuthHeaders } from '../credentialKind';
import { ConnectorError } from '../errors';
import { startHttpPeer, type HttpPeer, type PeerRequest, type PeerRoute } from '../testing/httpPeer';
import { createSafeHttpClient, type SafeHttpClientOptions } from './safeHttpClient';

let peers: HttpPeer[] = [];
const peer = async (routes: Record<string, PeerRoute>) => {
  const started = await startHttpPeer(routes);
  peers.push(started);
  return started;
};
afterEach(async () => {
  await Promise.all(peers.map((p) => p.close()));
  peers = [];
});

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

// A credential that hands out t1, t2, ... and moves on only when told its token was rejected.
function rotatingAuth() {
  let current = 1;
  const calls = { authorize: 0, rejected: 0 };
  const refused: AuthHeaders[] = [];
  const options: SafeHttpClientOptions = {
    network: { allowLoopback: true },
    authorize: () => {
      calls.authorize += 1;
      return Promise.resolve({ authorization: `Bearer t${current}` });
    },
    rejected: (headers) => {
      calls.rejected += 1;
      refused.push(headers);
      current += 1;
    },
  };
  return { options, calls, refused };
}

// Accepts only `Bearer t2`, the token a fresh authorize gives.
const onlyT2 =
  (ok: PeerRoute): PeerRoute =>
  (req: PeerRequest) =>
    req.headers.authorization === 'Bearer t2' ? ok(req) : { status: 401, json: { error: 'invalid_token' } };

describe('safeHttpClient: a 401 to authorized headers', () => {
  it('forgets the credentials and re-sends the same request once with fresh headers', async () => {
    const p = await peer({ 'POST /api/items': onlyT2(() => ({ status: 201, json: { id: 1 } })) });
    const { options, calls } = rotatingAuth();
    const http = createSafeHttpClient({ ...options, baseUrl: p.url });
    const res = await http.post('/api/items', {
      json: { name: 'laptop' },
      query: { dry: false },
      headers: { 'X-Request-Id': 'job-1' },
    });
    expect(res.status).toBe(201);
    expect(calls).toEqual({ authorize: 2, rejected: 1 });
    expect(p.requests.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    const [first, second] = p.requests;
    expect(second).toMatchObject({
      method: 'POST',
      path: '/api/items',
      body: first?.body,
      query: first?.query,
    });
    expect(second?.json()).toEqual({ name: 'laptop' });
    expect(second?.headers['x-request-id']).toBe('job-1');
    expect(second?.headers['content-type']).toBe('application/json');
  });

  it('re-sends the hop that failed after a redirect, not the request that redirected', async () => {
    const p = await peer({
      'POST /submit': () => ({ status: 303, headers: { location: '/result' } }),
      'GET /result': onlyT2(() => ({ json: { done: true } })),
    });
    const { options, calls } = rotatingAuth();
    const res = await createSafeHttpClient({ ...options, baseUrl: p.url }).post('/submit', {
      json: { a: 1 },
    });
    expect(await res.json()).toEqual({ done: true });
    expect(p.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual([
      'POST /submit Bearer t1',
      'GET /result Bearer t1',
      'GET /result Bearer t2',
    ]);
    expect(calls.rejected).toBe(1);
  });

  it('tells the hook which headers were refused', async () => {
    const p = await peer({ 'GET /x': onlyT2(() => ({ json: { ok: true } })) });
    const { options, refused } = rotatingAuth();
    await createSafeHttpClient({ ...options, baseUrl: p.url }).get('/x');
    expect(refused).toEqual([{ authorization: 'Bearer t1' }]);
  });

  it('reports the header as sent when the caller set its own over the credential', async () => {
    const p = await peer({ 'GET /x': () => ({ status: 401 }) });
    const { options, refused } = rotatingAuth();
    await failure(
      createSafeHttpClient({ ...options, baseUrl: p.url }).get('/x', {
        headers: { Authorization: 'Bearer mine' },
      }),
    );
    expect(refused).toEqual([{ authorization: 'Bearer mine' }]);
  });

  it('retries at most once: a second 401 is the usual permanent HTTP_401', async () => {
    const p = await peer({ 'GET /x': () => ({ status: 401, json: { error: 'invalid_token' } }) });
    const { options, calls } = rotatingAuth();
    const error = await failure(createSafeHttpClient({ ...options, baseUrl: p.url }).get('/x'));
    expect(error).toMatchObject({ code: 'HTTP_401', retryable: false, details: { status: 401 } });
    expect(p.requests).toHaveLength(2);
    expect(calls).toEqual({ authorize: 2, rejected: 1 });
  });

  it('retries once per request, so each call of a shared client gets its own retry', async () => {
    const p = await peer({ 'GET /x': () => ({ status: 401 }) });
    const { options, calls } = rotatingAuth();
    const http = createSafeHttpClient({ ...options, baseUrl: p.url });
    await failure(http.get('/x'));
    await failure(http.get('/x'));
    expect(p.requests).toHaveLength(4);
    expect(calls.rejected).toBe(2);
  });

  it('also retries when the caller receives error statuses as responses', async () => {
    const p = await peer({ 'GET /x': onlyT2(() => ({ json: { ok: true } })) });
    const { options } = rotatingAuth();
    const res = await createSafeHttpClient({ ...options, baseUrl: p.url }).get('/x', {
      throwOnHttpError: false,
    });
    expect(res.status).toBe(200);
    expect(p.requests).toHaveLength(2);
  });

  it('does not retry without the hook: static credentials cannot get better', async () => {
    const p = await peer({ 'GET /x': () => ({ status: 401 }) });
    const { options } = rotatingAuth();
    const { rejected: _none, ...withoutHook } = options;
    const error = await failure(createSafeHttpClient({ ...withoutHook, baseUrl: p.url }).get('/x'));
    expect(error).toMatchObject({ code: 'HTTP_401', retryable: false });
    expect(p.requests).toHaveLength(1);
  });

  it('does not retry a 401 from another origin, which never saw the credentials', async () => {
    const other = await peer({ 'GET /landing': () => ({ status: 401 }) });
    const p = await peer({
      'GET /go': () => ({ status: 302, headers: { location: `${other.url}/landing` } }),
    });
    const { options, calls } = rotatingAuth();
    const error = await failure(createSafeHttpClient({ ...options, baseUrl: p.url }).get('/go'));
    expect(error.code).toBe('HTTP_401');
    expect(other.requests).toHaveLength(1);
    expect(calls.rejected).toBe(0);
  });

  it('does not count the retry as a redirect', async () => {
    // Four hops, the 401 and its retry, one more hop: five redirects, the limit, and no more.
    let hops = 0;
    const p = await peer({
      'GET /hop': () => ({ status: 302, headers: { location: ++hops < 4 ? '/hop' : '/end' } }),
      'GET /end': onlyT2(() => ({ status: 302, headers: { location: '/done' } })),
      'GET /done': () => ({ json: { ok: true } }),
    });
    const { options } = rotatingAuth();
    const res = await createSafeHttpClient({ ...options, baseUrl: p.url, maxRedirects: 5 }).get('/hop');
    expect(await res.json()).toEqual({ ok: true });
    expect(p.requests.map((r) => r.path)).toEqual([
      ...Array<string>(4).fill('/hop'),
      '/end',
      '/end',
      '/done',
    ]);
  });
});
