import type { Clock } from './clock';
import { createFailureBackoff, type BackoffPolicy, type BackoffVerdict } from './failureBackoff';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * One account from one address: five tries, then 1 s, 2 s, 4 s … at most 5 minutes. This is what
 * slows a guesser; a real user elsewhere is not affected by it.
 */
export const ACCOUNT_FROM_ADDRESS_BACKOFF: BackoffPolicy = {
  freeFailures: 5,
  baseDelayMs: SECOND,
  maxDelayMs: 5 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
};

/**
 * One account from anywhere: twenty tries, then 1 s, 2 s … at most one minute. Guessing spread
 * over many addresses gets about one try a minute per account, while the real owner is never
 * kept out for more than a minute at a time.
 */
export const ACCOUNT_BACKOFF: BackoffPolicy = {
  freeFailures: 20,
  baseDelayMs: SECOND,
  maxDelayMs: MINUTE,
  forgetAfterMs: 60 * MINUTE,
};

/** Accounts are keyed by the e-mail as typed, normalised: unknown e-mails are throttled alike. */
export const accountKey = (email: string): string => email.trim().toLowerCase();

/**
 * Per-account throttling of password checks (sign-in, and the current password of a password
 * change) with exponential back-off, beside the per-address rate limit. In this process's memory,
 * like the rate limiter: N replicas allow N times as many tries.
 *
 * @example
 * ```ts
 * const throttle = createSignInThrottle({ clock });
 * const verdict = throttle.check(email, address);
 * if (!verdict.ok) return tooManyRequests(verdict.retryAfterMs);
 * try { await signIn(…); throttle.succeeded(email, address); } catch { throttle.failed(email, address); }
 * ```
 */
export function createSignInThrottle(options: {
  clock: Clock;
  account?: BackoffPolicy;
  accountFromAddress?: BackoffPolicy;
}) {
  const account = createFailureBackoff({ clock: options.clock, policy: options.account ?? ACCOUNT_BACKOFF });
  const pair = createFailureBackoff({
    clock: options.clock,
    policy: options.accountFromAddress ?? ACCOUNT_FROM_ADDRESS_BACKOFF,
  });
  const pairKey = (email: string, address: string) => `${accountKey(email)} ${address}`;

  return {
    /** Refused (with the wait) while either back-off runs; a refused attempt checks no password. */
    check(email: string, address: string): BackoffVerdict {
      const verdicts = [account.check(accountKey(email)), pair.check(pairKey(email, address))];
      const waits = verdicts.flatMap((v) => (v.ok ? [] : [v.retryAfterMs]));
      return waits.length === 0 ? { ok: true } : { ok: false, retryAfterMs: Math.max(...waits) };
    },
    failed(email: string, address: string): void {
      account.failed(accountKey(email));
      pair.failed(pairKey(email, address));
    },
    /**
     * Clears this address's count only: the account-wide count decays by itself, so a guesser
     * elsewhere gains no fresh tries from the owner's sign-in.
     */
    succeeded(email: string, address: string): void {
      pair.succeeded(pairKey(email, address));
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
