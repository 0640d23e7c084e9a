import type { Role, User } from '../store';

/** A user as request handlers see it: never the password hash. */
export type AuthenticatedUser = Omit<User, 'passwordHash'>;

/**
 * Who is calling and how; set on the Hono context by `authenticate`. `roles` (and `user.roles`,
 * which carries the same list) are the caller's EFFECTIVE roles: a token's roles that its user
 * still has, read at request time. Every privilege decision reads these, never the stored user's.
 */
export type Authentication =
  | { user: AuthenticatedUser; roles: readonly Role[]; via: 'session'; sessionId: string }
  | { user: AuthenticatedUser; roles: readonly Role[]; via: 'token'; tokenId: string };

/** Hono context variables set by `authenticate`: null for an anonymous caller. */
export interface AuthVariables {
  auth: Authentication | null;
}

/** The Hono `Env` of an app that uses `authenticate` / `authorize`. */
export interface AuthEnv {
  Variables: AuthVariables;
}

export function withoutPasswordHash(user: User): AuthenticatedUser {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}
