import type { Context } from 'hono';
import {
  instanceScopeOf,
  permissionsBeyond,
  type AuthenticatedUser,
  type InstanceScope,
  type Role,
} from '../auth';
import { AppError } from '../errors';
import type { AppEnv } from './appEnv';

/** The signed-in user (authorize() has already refused anonymous callers on protected routes). */
export function currentUser(c: Context<AppEnv>): AuthenticatedUser {
  const auth = c.get('auth');
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return auth.user;
}

/**
 * Refuses (403) when `roles` would grant more than the caller's EFFECTIVE roles (a token's roles
 * ∩ its user's, read now): a narrowed token cannot mint, or hand out, a broader one.
 */
export function assertMayGrant(c: Context<AppEnv>, roles: readonly Role[], what: string): void {
  const beyond = permissionsBeyond(c.get('auth')?.roles ?? [], roles);
  if (beyond.length > 0)
    throw new AppError(
      'FORBIDDEN',
      `${what} cannot carry permissions you do not have (${beyond.join(', ')})`,
      {
        issues: [{ path: 'roles', message: `Beyond your own: ${beyond.join(', ')}` }],
      },
    );
}

/** Which instances the caller may see (auth/instanceScope.ts): their effective roles, current groups. */
export function callerInstanceScope(c: Context<AppEnv>): InstanceScope {
  const auth = c.get('auth');
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return instanceScopeOf({ user: auth.user, roles: auth.roles });
}
