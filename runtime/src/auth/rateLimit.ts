import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Clock } from './clock';

export interface RateLimitOptions {
  clock: Clock;
  /** Requests allowed per client and route in one window. */
  limit: number;
  windowMs: number;
  /** Clients remembered at most; the oldest windows are forgotten first. Default 10 000. */
  maxKeys?: number;
  /**
   * The client's address. Defaults to the TCP peer from the Node server; behind a reverse proxy,
   * pass one that reads the proxy's header, or every client shares the proxy's bucket.
   */
  clientAddress?: (c: Context) => string;
}

interface Window {
  count: number;
  resetAt: number;
}

/** The TCP peer's address from the Node server, or 'unknown' (shared by all such callers). */
export function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not served by @hono/node-server (e.g. `app.request` in tests): all such callers share one bucket.
    return 'unknown';
  }
}

/**
 * The client's address behind `hops` trusted reverse proxies (FLOWLINE_TRUSTED_PROXY_HOPS): each
 * proxy appends the address it saw to X-Forwarded-For, so the client is the `hops`-th entry from
 * the right; entries further left were written by the client and are never trusted. A request
 * whose header has fewer entries than that did not come through the proxies: its TCP peer counts.
 */
export function forwardedAddress(hops: number): (c: Context) => string {
  if (hops <= 0) return socketAddress;
  return (c) => {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const client = entries[entries.length - hops];
    return client !== undefined && client.length <= 64 ? client : socketAddress(c);
  };
}

/**
 * A fixed-window rate limiter for unauthenticated endpoints (sign-in, webhooks, approval links),
 * keyed by client address and matched route pattern (so random URLs cannot grow the map). Answers
 * 429 with Retry-After and `{ code: 'RATE_LIMITED' }`.
 *
 * Counts live in this process: N replicas allow N × `limit`. A deployment that needs one global
 * limit must count in a shared store (or at the load balancer) instead.
 *
 * @example
 * ```ts
 * const signInLimit = rateLimit({ clock, limit: 10, windowMs: 60_000 });
 * app.post('/api/auth/sign-in', signInLimit, signInHandler);
 * ```
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const maxKeys = options.maxKeys ?? 10_000;
  const clientAddress = options.clientAddress ?? socketAddress;
  // Insertion order is window start order (every window has the same length), so the first
  // entries are always the oldest: eviction walks from the front.
  const windows = new Map<string, Window>();

  // Expired windows go first; past `maxKeys` live ones go too (that client starts afresh), which
  // bounds memory at the cost of a limit an attacker with very many addresses can dilute.
  const evict = (now: number): void => {
    for (const [key, window] of windows) {
      if (windows.size < maxKeys && window.resetAt > now) return;
      windows.delete(key);
    }
  };

  return async function rateLimit(c, next) {
    const now = options.clock.now();
    const key = `${clientAddress(c)} ${c.req.method} ${routePath(c, -1)}`;
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      windows.delete(key);
      window = { count: 0, resetAt: now + options.windowMs };
      evict(now);
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      c.header('Retry-After', String(retryAfter));
      return c.json(
        { code: 'RATE_LIMITED', message: `Too many requests; try again in ${retryAfter} s.` },
        429,
      );
    }
    await next();
  };
}
