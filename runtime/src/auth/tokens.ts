import { createHash, randomBytes } from 'node:crypto';

// Only hashes of tokens are stored; a token is 32 random bytes, so a plain SHA-256 (no salt, no
// stretching) is enough: there is nothing to guess.
const TOKEN_BYTES = 32;
const RANDOM_PART = '[A-Za-z0-9_-]{43}';

export const API_TOKEN_PREFIX = 'flt_';
export const SESSION_TOKEN_PREFIX = 'fls_';

const API_TOKEN_PATTERN = new RegExp(`^${API_TOKEN_PREFIX}${RANDOM_PART}$`);
const SESSION_TOKEN_PATTERN = new RegExp(`^${SESSION_TOKEN_PREFIX}([0-9a-z]{1,11})_${RANDOM_PART}$`);

/** Random bytes as base64url; `bytes` of 32 gives 43 characters. */
export const randomToken = (bytes: number = TOKEN_BYTES): string => randomBytes(bytes).toString('base64url');

/** SHA-256 of a token, hex: what the store keeps instead of the token. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * A new API token `flt_…`: the prefix lets secret scanners and people recognise a leaked one.
 *
 * @example
 * ```ts
 * const { token, tokenHash } = newApiToken();
 * await store.createApiToken({ id, tokenHash, name: 'CI', userId, roles: ['designer'], createdAt });
 * // show `token` once; it cannot be recovered
 * ```
 */
export function newApiToken(): { token: string; tokenHash: string } {
  const token = API_TOKEN_PREFIX + randomToken();
  return { token, tokenHash: hashToken(token) };
}

export const isApiTokenShape = (token: string): boolean => API_TOKEN_PATTERN.test(token);

/**
 * A new session token `fls_<issuedAt>_<random>`. The issue time rides in the token so the absolute
 * lifetime can be enforced without a column for it; changing it changes the hash, so it cannot be
 * forged.
 */
export function newSessionToken(issuedAt: number): { token: string; sessionId: string } {
  const token = `${SESSION_TOKEN_PREFIX}${issuedAt.toString(36)}_${randomToken()}`;
  return { token, sessionId: hashToken(token) };
}

/** The issue time inside a session token, or null when the token is not one of ours. */
export function sessionTokenIssuedAt(token: string): number | null {
  const match = SESSION_TOKEN_PATTERN.exec(token);
  if (!match?.[1]) return null;
  const issuedAt = parseInt(match[1], 36);
  return Number.isSafeInteger(issuedAt) ? issuedAt : null;
}
