import { describe, expect, it } from 'vitest';
import { ACCOUNT_BACKOFF, createSignInThrottle } from './signInThrottle';
import { manualClock } from './testFixture';

describe('sign-in throttle', () => {
  it('slows guessing spread over many addresses to about one try a minute, and never longer', () => {
    const clock = manualClock();
    const throttle = createSignInThrottle({ clock });
    for (let i = 0; i < ACCOUNT_BACKOFF.freeFailures; i += 1) {
      expect(throttle.check('maria@example.com', `10.0.0.${i}`).ok).toBe(true);
      throttle.failed('maria@example.com', `10.0.0.${i}`);
    }
    // The owner, from their own address, waits too — but only a second.
    expect(throttle.check('maria@example.com', '192.0.2.7')).toEqual({ ok: false, retryAfterMs: 1_000 });
    for (let i = 0; i < 20; i += 1) {
      const verdict = throttle.check('maria@example.com', `10.1.0.${i}`);
      if (!verdict.ok) clock.advance(verdict.retryAfterMs);
      throttle.failed('maria@example.com', `10.1.0.${i}`);
    }
    expect(throttle.check('maria@example.com', '192.0.2.7')).toEqual({ ok: false, retryAfterMs: 60_000 });
    clock.advance(60_000);
    expect(throttle.check('maria@example.com', '192.0.2.7').ok).toBe(true);
  });

  it('keeps one address at bay for longer (at most five minutes) without touching other addresses', () => {
    const clock = manualClock();
    const throttle = createSignInThrottle({ clock });
    for (let i = 0; i < 30; i += 1) {
      const verdict = throttle.check('maria@example.com', '10.0.0.1');
      if (!verdict.ok) clock.advance(verdict.retryAfterMs);
      throttle.failed('maria@example.com', '10.0.0.1');
    }
    expect(throttle.check('maria@example.com', '10.0.0.1')).toEqual({ ok: false, retryAfterMs: 300_000 });
    // The account-wide wait is capped at a minute for everyone else.
    expect(throttle.check('maria@example.com', '192.0.2.7')).toEqual({ ok: false, retryAfterMs: 60_000 });
    // Failures are forgotten after an hour without one.
    clock.advance(3_600_000);
    expect(throttle.check('maria@example.com', '10.0.0.1').ok).toBe(true);
  });
});
