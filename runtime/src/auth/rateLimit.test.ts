import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { forwardedAddress, rateLimit, type RateLimitOptions } from './rateLimit';
import { manualClock, type ManualClock } from './testFixture';

function limitedApp(clock: ManualClock, options: Partial<RateLimitOptions> = {}): Hono {
  const app = new Hono();
  const limiter = rateLimit({
    clock,
    limit: 2,
    windowMs: 60_000,
    clientAddress: (c) => c.req.header('x-test-client') ?? 'unknown',
    ...options,
  });
  app.post('/api/auth/sign-in', limiter, (c) => c.text('signed in'));
  app.post('/api/webhooks/:workflowId/:triggerId', limiter, (c) => c.text('accepted'));
  return app;
}

const from = (client: string, path = '/api/auth/sign-in') =>
  [path, { method: 'POST', headers: { 'x-test-client': client } }] as const;

describe('rateLimit', () => {
  it('answers 429 with Retry-After once a client spends its window', async () => {
    const clock = manualClock();
    const app = limitedApp(clock);
    expect((await app.request(...from('10.0.0.1'))).status).toBe(200);
    expect((await app.request(...from('10.0.0.1'))).status).toBe(200);
    clock.advance(15_000);
    const refused = await app.request(...from('10.0.0.1'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('starts afresh when the window has passed', async () => {
    const clock = manualClock();
    const app = limitedApp(clock);
    for (let i = 0; i < 3; i += 1) await app.request(...from('10.0.0.1'));
    clock.advance(60_000);
    expect((await app.request(...from('10.0.0.1'))).status).toBe(200);
  });

  it('counts each client separately', async () => {
    const app = limitedApp(manualClock());
    for (let i = 0; i < 3; i += 1) await app.request(...from('10.0.0.1'));
    expect((await app.request(...from('10.0.0.2'))).status).toBe(200);
  });

  it('counts by route pattern, so varying parameters share one bucket', async () => {
    const app = limitedApp(manualClock());
    await app.request(...from('10.0.0.1', '/api/webhooks/a/1'));
    await app.request(...from('10.0.0.1', '/api/webhooks/b/2'));
    expect((await app.request(...from('10.0.0.1', '/api/webhooks/c/3'))).status).toBe(429);
    expect((await app.request(...from('10.0.0.1'))).status).toBe(200);
  });

  it('remembers at most maxKeys clients, forgetting the oldest first', async () => {
    const app = limitedApp(manualClock(), { maxKeys: 2, limit: 1 });
    await app.request(...from('10.0.0.1'));
    await app.request(...from('10.0.0.2'));
    expect((await app.request(...from('10.0.0.2'))).status).toBe(429);
    await app.request(...from('10.0.0.3')); // pushes 10.0.0.1 out
    expect((await app.request(...from('10.0.0.1'))).status).toBe(200);
    expect((await app.request(...from('10.0.0.3'))).status).toBe(429);
  });

  it('counts each client behind a trusted proxy apart, never trusting what the client wrote', async () => {
    const app = limitedApp(manualClock(), { clientAddress: forwardedAddress(1) });
    const via = (forwarded: string) =>
      app.request('/api/auth/sign-in', { method: 'POST', headers: { 'x-forwarded-for': forwarded } });
    // nginx appends the address it saw: the last entry is the client.
    for (let i = 0; i < 2; i += 1) expect((await via('203.0.113.7')).status).toBe(200);
    expect((await via('203.0.113.7')).status).toBe(429);
    expect((await via('198.51.100.2')).status).toBe(200);
    // A client cannot pick a fresh bucket by writing its own entries in front of the proxy's.
    expect((await via('10.9.9.9, 203.0.113.7')).status).toBe(429);
  });

  it('takes the entry the outermost of several trusted proxies saw', () => {
    const address = forwardedAddress(2);
    const context = (forwarded?: string) =>
      ({ req: { header: () => forwarded } }) as unknown as Parameters<typeof address>[0];
    expect(address(context('6.6.6.6, 203.0.113.7, 10.0.0.5'))).toBe('203.0.113.7');
    // Fewer entries than proxies: not through them; the TCP peer (none in this test) counts.
    expect(address(context('203.0.113.7'))).toBe('unknown');
    expect(address(context(undefined))).toBe('unknown');
  });
});
