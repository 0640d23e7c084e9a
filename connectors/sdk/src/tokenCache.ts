/** A cached bearer token and the moment (epoch ms) it stops being usable. */
export interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/**
 * Where OAuth access tokens live between requests. The SDK makes one per action context; the
 * runtime may pass one shared per worker so consecutive jobs reuse a token.
 *
 * @example
 * const tokenCache = createTokenCache();
 * await executeAction(connector, 'createIncident', { ...options, tokenCache });
 */
export interface TokenCache {
  get(key: string): CachedToken | undefined;
  set(key: string, token: CachedToken): void;
  delete(key: string): void;
}

/**
 * An in-memory token cache that forgets tokens once they expire.
 *
 * @example
 * const cache = createTokenCache(() => clock.now());
 */
export function createTokenCache(now: () => number = Date.now): TokenCache {
  const tokens = new Map<string, CachedToken>();
  return {
    get(key) {
      const token = tokens.get(key);
      if (token && token.expiresAt <= now()) {
        tokens.delete(key);
        return undefined;
      }
      return token;
    },
    set: (key, token) => void tokens.set(key, token),
    delete: (key) => void tokens.delete(key),
  };
}
