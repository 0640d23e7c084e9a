import type { Context } from 'hono';
import type { AuthenticatedUser } from '../auth';
import { AppError } from '../errors';
import type { AppEnv } from './appEnv';

/** The signed-in user (authorize() has already refused anonymous callers on protected routes). */
export function currentUser(c: Context<AppEnv>): AuthenticatedUser {
  const auth = c.get('auth');
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return auth.user;
}
