import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testApp';

const WRONG = 'not the password at all';

describe('per-account sign-in throttling', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('maria', ['approver']);
  });
  afterEach(() => t.rt.close());

  const signIn = (email: string, password: string) =>
    t.call(null, 'POST', '/api/auth/sign-in', { email, password });

  it('backs off after five wrong passwords for one account, then lets the owner in once the wait is over', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signIn('maria@example.com', WRONG)).status).toBe(401);
    const waiting = await signIn('maria@example.com', TEST_PASSWORD);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(await waiting.json()).toMatchObject({ code: 'RATE_LIMITED' });
    // A wrong password after the wait doubles it; attempts refused while waiting do not count.
    t.rt.clock.advance(1_000);
    expect((await signIn('MARIA@example.com ', WRONG)).status).toBe(401);
    expect((await signIn('maria@example.com', TEST_PASSWORD)).headers.get('retry-after')).toBe('2');
    t.rt.clock.advance(2_000);
    expect((await signIn('maria@example.com', TEST_PASSWORD)).status).toBe(200);
    // Success clears this address's count.
    expect((await signIn('maria@example.com', WRONG)).status).toBe(401);
    expect((await signIn('maria@example.com', TEST_PASSWORD)).status).toBe(200);
  });

  it('throttles an unknown e-mail exactly like a known one (no account discovery)', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signIn('nobody@example.com', WRONG)).status).toBe(401);
    expect((await signIn('nobody@example.com', WRONG)).status).toBe(429);
    // Another account is not affected.
    expect((await signIn('maria@example.com', TEST_PASSWORD)).status).toBe(200);
  });

  it('counts wrong current passwords of a password change against the account', async () => {
    const session = await t.signIn('maria@example.com', TEST_PASSWORD);
    const change = (current: string) =>
      session.session('POST', '/api/auth/password', { current, next: 'a new passphrase of my own' });
    for (let i = 0; i < 5; i += 1) expect((await change(WRONG)).status).toBe(400);
    expect((await change(TEST_PASSWORD)).status).toBe(429);
    expect((await signIn('maria@example.com', TEST_PASSWORD)).status).toBe(429);
    t.rt.clock.advance(1_000);
    expect((await change(TEST_PASSWORD)).status).toBe(204);
  });

  it('rate-limits password changes per address', async () => {
    const session = await t.signIn('maria@example.com', TEST_PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1)
      statuses.push(
        (await session.session('POST', '/api/auth/password', { current: 'x', next: 'y' })).status,
      );
    expect(statuses.at(-1)).toBe(429);
  });
});
