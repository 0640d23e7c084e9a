import type { Role, User } from '../store';

/** A user as request handlers see it: never the password hash. */
export type AuthenticatedUser = Omit<User, 'passwordHash'>;

/** Who is calling and how; set on the Hono context by `authenticate`. */
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
