import type { User, UserStore } from '../store';
import { withoutPasswordHash, type AuthenticatedUser } from './authenticatedUser';
import type { Clock } from './clock';
import { AuthError } from './errors';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword } from './password';
import { hashToken, newSessionToken, randomToken, sessionTokenIssuedAt } from './tokens';

const HOUR = 3_600_000;

/**
 * Sessions end after 12 hours without a request (sliding) and 7 days after sign-in whatever the
 * activity (absolute). The stored expiry is pushed forward at most every 15 minutes, so an active
 * user costs one write per quarter hour, not one per request.
 */
export interface SessionPolicy {
  idleTimeoutMs: number;
  absoluteLifetimeMs: number;
  refreshAfterMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleTimeoutMs: 12 * HOUR,
  absoluteLifetimeMs: 7 * 24 * HOUR,
  refreshAfterMs: HOUR / 4,
};

export interface SessionDeps {
  store: UserStore;
  clock: Clock;
  policy?: SessionPolicy;
}

export interface SignedIn {
  /** Goes into the session cookie; only its hash is stored. */
  token: string;
  sessionId: string;
  user: AuthenticatedUser;
  /** When the cookie should expire: the absolute end of the session. */
  absoluteExpiresAt: number;
}

// Unknown e-mails are checked against this hash so they take as long as known ones.
let dummyHash: Promise<string> | undefined;
const getDummyHash = (): Promise<string> =>
  (dummyHash ??= hashPassword(randomToken(), DEFAULT_SCRYPT_PARAMS));

/**
 * Checks e-mail and password and opens a session. Every failure (unknown e-mail, wrong password,
 * disabled user) is the same AuthError('INVALID_CREDENTIALS') after the same amount of work.
 */
export async function signIn(
  deps: SessionDeps,
  credentials: { email: string; password: string },
): Promise<SignedIn> {
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY;
  const user = await deps.store.getUserByEmail(credentials.email.trim());
  const matches = await verifyPassword(credentials.password, user?.passwordHash ?? (await getDummyHash()));
  if (!user || !matches || user.disabled) {
    throw new AuthError('INVALID_CREDENTIALS', 'The e-mail or password is not correct.');
  }
  if (needsRehash(user.passwordHash)) {
    await deps.store.updateUser(user.id, { passwordHash: await hashPassword(credentials.password) });
  }
  const now = deps.clock.now();
  const { token, sessionId } = newSessionToken(now);
  await deps.store.createSession({ id: sessionId, userId: user.id, expiresAt: now + policy.idleTimeoutMs });
  return {
    token,
    sessionId,
    user: withoutPasswordHash(user),
    absoluteExpiresAt: now + policy.absoluteLifetimeMs,
  };
}

/** Ends the session of this token; unknown or expired tokens are ignored. */
export async function signOut(deps: Pick<SessionDeps, 'store'>, token: string): Promise<void> {
  await deps.store.deleteSession(hashToken(token));
}

/** Ends every session of a user: after a password change, or when an admin locks them out. */
export async function signOutEverywhere(deps: Pick<SessionDeps, 'store'>, userId: string): Promise<number> {
  return deps.store.deleteUserSessions(userId);
}

/**
 * The live session and CURRENT user behind a session token, or null. Read on every request, so a
 * disabled or deleted user is refused at once even with a session that has not expired.
 */
export async function resumeSession(
  deps: SessionDeps,
  token: string,
): Promise<{ sessionId: string; user: User } | null> {
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY;
  const issuedAt = sessionTokenIssuedAt(token);
  if (issuedAt === null) return null;
  const now = deps.clock.now();
  const sessionId = hashToken(token);
  const session = await deps.store.getSession(sessionId);
  if (!session) return null;
  if (now >= session.expiresAt || now >= issuedAt + policy.absoluteLifetimeMs) {
    await deps.store.deleteSession(sessionId);
    return null;
  }
  const user = await deps.store.getUser(session.userId);
  if (!user || user.disabled) return null;

  const nextExpiry = Math.min(now + policy.idleTimeoutMs, issuedAt + policy.absoluteLifetimeMs);
  if (nextExpiry - session.expiresAt >= policy.refreshAfterMs) {
    await extendSession(deps.store, { ...session, expiresAt: nextExpiry });
  }
  return { sessionId, user };
}

// The store port has no session update, so the row is replaced. A request
// arriving between the two calls misses the session; `touchSession(id, expiresAt)` in the store
// port would remove that window.
async function extendSession(store: UserStore, session: { id: string; userId: string; expiresAt: number }) {
  await store.deleteSession(session.id);
  try {
    await store.createSession(session);
  } catch {
    // A concurrent request re-created it first; its expiry is as good as ours.
  }
}
