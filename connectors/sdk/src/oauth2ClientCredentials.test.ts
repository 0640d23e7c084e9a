import { afterEach, describe, expect, it } from 'vitest';
import { credential } from './credential';
import type { AuthorizeEnv } from './credentialKind';
import { cacheKeyOf } from './oauth2ClientCredentials';
import { probeConnector, watchPeer } from './authProbe.fixture';
import { startHttpPeer, type HttpPeer, type PeerReply, type PeerRoute } from './testing/httpPeer';
import { runAction } from './testing/runAction';
import { createTokenCache, type TokenCache } from './tokenCache';

const oauth = credential.oauth2ClientCredentials({ tokenUrl: '/oauth/token', scope: 'items' });
const credentials = { clientId: 'cid', clientSecret: 'csecret' };
const connector = probeConnector(oauth);

let peer: HttpPeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

async function startPeer(routes: Record<string, PeerRoute>) {
  peer = await startHttpPeer(routes);
  return watchPeer(peer);
}

const run = (baseUrl: string, tokenCache: TokenCache, signal?: AbortSignal) =>
  runAction(connector, 'create', {
    input: {},
    credentials,
    settings: { baseUrl },
    network: { allowLoopback: true },
    tokenCache,
    ...(signal ? { signal } : {}),
  });

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

// A caller-supplied cache (plain get/set/delete) that reports how many lookups found nothing, so
// a test can hold the token endpoint until every job has looked and missed.
function countingCache() {
  const inner = createTokenCache();
  let misses = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  const cache: TokenCache = {
    get(key) {
      const token = inner.get(key);
      if (token === undefined) {
        misses += 1;
        for (const w of waiting) if (misses >= w.count) w.resolve();
      }
      return token;
    },
    set: (key, token) => inner.set(key, token),
    delete: (key) => inner.delete(key),
  };
  const missed = (count: number) =>
    misses >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }));
  return { cache, missed };
}

const accepted: PeerRoute = () => ({ status: 201, json: { id: 7 } });

describe('oauth2ClientCredentials: single flight on a shared cache', () => {
  it('10 concurrent jobs that find the cache empty share one token fetch', async () => {
    const { cache, missed } = countingCache();
    let issued = 0;
    const p = await startPeer({
      // Answers only once all 10 jobs have looked in the cache, so they really overlap.
      'POST /oauth/token': async () => {
        await missed(10);
        return { json: { access_token: `t${++issued}`, expires_in: 3600 } };
      },
      'POST /api/items': accepted,
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => run(p.url, cache)));
    expect(results).toEqual(Array<unknown>(10).fill({ ok: true, output: { id: 7 } }));
    expect(p.tokenFetches()).toBe(1);
    expect(p.apiCalls()).toEqual(Array<string>(10).fill('Bearer t1'));
  });

  it('a failed fetch is shared by its waiters but not kept: the next job fetches again', async () => {
    const { cache, missed } = countingCache();
    let calls = 0;
    const p = await startPeer({
      'POST /oauth/token': async (): Promise<PeerReply> => {
        if (++calls > 1) return { json: { access_token: 'good', expires_in: 3600 } };
        await missed(3);
        return { status: 503, json: { error: 'temporarily_unavailable' } };
      },
      'POST /api/items': accepted,
    });
    const failed = await Promise.all([run(p.url, cache), run(p.url, cache), run(p.url, cache)]);
    for (const result of failed) {
      expect(result).toMatchObject({ ok: false, error: { code: 'HTTP_503', retryable: true } });
    }
    expect(p.tokenFetches()).toBe(1);
    expect(await run(p.url, cache)).toEqual({ ok: true, output: { id: 7 } });
    expect(p.tokenFetches()).toBe(2);
    expect(p.apiCalls()).toEqual(['Bearer good']);
  });

  it('a waiter does not inherit the cancellation of the job whose fetch it joined', async () => {
    const { cache, missed } = countingCache();
    const firstFetchArrived = gate();
    const release = gate();
    let calls = 0;
    const p = await startPeer({
      // The first fetch never answers before its job is cancelled; later ones answer at once.
      'POST /oauth/token': async (): Promise<PeerReply> => {
        if (++calls === 1) {
          firstFetchArrived.open();
          await release.opened;
        }
        return { json: { access_token: `t${calls}`, expires_in: 3600 } };
      },
      'POST /api/items': accepted,
    });
    const cancel = new AbortController();
    try {
      const first = run(p.url, cache, cancel.signal);
      const second = run(p.url, cache);
      await Promise.all([firstFetchArrived.opened, missed(2)]);
      cancel.abort(new Error('job cancelled by the operator'));
      expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(await second).toEqual({ ok: true, output: { id: 7 } });
      expect(p.tokenFetches()).toBe(2);
      expect(p.apiCalls()).toEqual(['Bearer t2']);
    } finally {
      release.open();
    }
  });
});

describe('oauth2ClientCredentials: a late 401 on a shared cache', () => {
  it('a 401 for t1 that arrives after another job cached t2 keeps t2', async () => {
    const cache = createTokenCache();
    const firstCallArrived = gate();
    const releaseFirstCall = gate();
    let issued = 0;
    let t1Calls = 0;
    const p = await startPeer({
      'POST /oauth/token': () => ({ json: { access_token: `t${++issued}`, expires_in: 3600 } }),
      // t1 has been revoked; job A's request with it is held until job B has recovered.
      'POST /api/items': async (req) => {
        if (req.headers.authorization !== 'Bearer t1') return { status: 201, json: { id: 7 } };
        if (++t1Calls === 1) {
          firstCallArrived.open();
          await releaseFirstCall.opened;
        }
        return { status: 401, json: { error: 'invalid_token' } };
      },
    });
    const jobA = run(p.url, cache);
    await firstCallArrived.opened;
    try {
      // Job B: t1 from the cache, 401, forgets t1, fetches and caches t2, succeeds.
      expect(await run(p.url, cache)).toEqual({ ok: true, output: { id: 7 } });
      expect(p.tokenFetches()).toBe(2);
    } finally {
      // Job A's late 401 for t1 must not throw t2 away: its retry and the next job use t2.
      releaseFirstCall.open();
    }
    expect(await jobA).toEqual({ ok: true, output: { id: 7 } });
    expect(await run(p.url, cache)).toEqual({ ok: true, output: { id: 7 } });
    expect(p.tokenFetches()).toBe(2);
    expect(p.apiCalls()).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t2', 'Bearer t2', 'Bearer t2']);
  });

  describe('rejected', () => {
    const values = oauth.schema.parse(credentials);
    const key = cacheKeyOf(values, {});
    const envWith = (tokenCache: TokenCache) => ({ tokenCache }) as unknown as AuthorizeEnv;
    const cached = () => {
      const tokenCache = createTokenCache();
      tokenCache.set(key, { accessToken: 't2', expiresAt: Date.now() + 60_000 });
      return tokenCache;
    };

    it('forgets the cached token when it is the refused one', () => {
      const tokenCache = cached();
      oauth.rejected?.(values, envWith(tokenCache), { authorization: 'Bearer t2' });
      expect(tokenCache.get(key)).toBeUndefined();
    });

    it('keeps a cached token other than the refused one', () => {
      const tokenCache = cached();
      oauth.rejected?.(values, envWith(tokenCache), { authorization: 'Bearer t1' });
      expect(tokenCache.get(key)?.accessToken).toBe('t2');
    });

    it('forgets the cached token when the caller does not say what was refused (older callers)', () => {
      const tokenCache = cached();
      oauth.rejected?.(values, envWith(tokenCache));
      expect(tokenCache.get(key)).toBeUndefined();
    });
  });
});

describe('oauth2ClientCredentials: whose token a shared cache hands out', () => {
  it('never gives one connection the token of another with a different secret or base URL', async () => {
    const cache = createTokenCache();
    let issued = 0;
    const p = await startPeer({
      'POST /oauth/token': async () => ({ json: { access_token: `t${++issued}`, expires_in: 3600 } }),
      'POST /api/items': accepted,
    });
    const call = (baseUrl: string, clientSecret: string) =>
      runAction(connector, 'create', {
        input: {},
        credentials: { ...credentials, clientSecret },
        settings: { baseUrl },
        network: { allowLoopback: true },
        tokenCache: cache,
      });
    const other = p.url.replace('127.0.0.1', 'localhost');
    expect(await call(p.url, 'csecret')).toMatchObject({ ok: true });
    expect(await call(p.url, 'csecret')).toMatchObject({ ok: true });
    expect(await call(p.url, 'a wrong secret')).toMatchObject({ ok: true });
    expect(await call(other, 'csecret')).toMatchObject({ ok: true });
    expect(p.tokenFetches()).toBe(3);
    expect(p.apiCalls()).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t2', 'Bearer t3']);
  });
});
