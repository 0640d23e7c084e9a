import type { Clock } from './clock';
import { boundSize } from '../collections/trimOldest';

/** How consecutive failures under one key slow further attempts. */
export interface BackoffPolicy {
  /** Failures allowed before the first wait (the next attempt after the last of them waits). */
  readonly freeFailures: number;
  /** The first wait; each further failure doubles it. */
  readonly baseDelayMs: number;
  /** The longest wait, however many failures. */
  readonly maxDelayMs: number;
  /** Failures are forgotten after this long without one. */
  readonly forgetAfterMs: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export type BackoffVerdict = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Exponential back-off after consecutive failures, per key, in this process's memory (bounded:
 * past `maxKeys` the oldest keys are forgotten). An attempt refused during the wait is not a
 * failure and does not lengthen it, so hammering a key costs nothing but gains nothing either.
 */
export function createFailureBackoff(options: { clock: Clock; policy: BackoffPolicy; maxKeys?: number }) {
  const { clock, policy } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  // Insertion order is last-failure order (a failing key is re-inserted), so eviction walks from the front.
  const entries = new Map<string, Entry>();

  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && now - entry.lastFailureAt >= policy.forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    check(key: string): BackoffVerdict {
      const now = clock.now();
      const entry = live(key, now);
      return entry && entry.blockedUntil > now
        ? { ok: false, retryAfterMs: entry.blockedUntil - now }
        : { ok: true };
    },
    failed(key: string): void {
      const now = clock.now();
      const entry = live(key, now) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
      entry.failures += 1;
      entry.lastFailureAt = now;
      const over = entry.failures - policy.freeFailures + 1;
      if (over > 0)
        entry.blockedUntil =
          now + Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
      entries.delete(key);
      entries.set(key, entry);
      boundSize(entries, maxKeys);
    },
    succeeded(key: string): void {
      entries.delete(key);
    },
  };
}

export type FailureBackoff = ReturnType<typeof createFailureBackoff>;
