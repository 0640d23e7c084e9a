import type { UserStore } from '../store';
import { AuthError } from './errors';
import { hashPassword, verifyPassword } from './password';
import { assertPasswordPolicy } from './passwordPolicy';

/**
 * Sets a user's password and ends all their sessions, so whoever knew the old password is signed
 * out at once. `mustChange` (an admin's reset) lets the user in only to choose their own; a user's
 * own change clears it. Throws WEAK_PASSWORD.
 */
export async function setPassword(
  deps: { store: UserStore },
  userId: string,
  newPassword: string,
  options: { mustChange?: boolean } = {},
): Promise<void> {
  const user = await deps.store.getUser(userId);
  assertPasswordPolicy(newPassword, user ?? {});
  await deps.store.updateUser(userId, {
    passwordHash: await hashPassword(newPassword),
    mustChangePassword: options.mustChange ?? false,
  });
  await deps.store.deleteUserSessions(userId);
}

/**
 * A user changing their own password: the current one must be given, so a borrowed session cannot
 * lock its owner out. Throws INVALID_CREDENTIALS or WEAK_PASSWORD; the caller signs them in again.
 */
export async function changeOwnPassword(
  deps: { store: UserStore },
  userId: string,
  passwords: { current: string; next: string },
): Promise<void> {
  const user = await deps.store.getUser(userId);
  if (!user || user.disabled || !(await verifyPassword(passwords.current, user.passwordHash))) {
    throw new AuthError('INVALID_CREDENTIALS', 'The current password is not correct.');
  }
  if (passwords.next === passwords.current) {
    throw new AuthError('WEAK_PASSWORD', 'Choose a password different from the current one.');
  }
  await setPassword(deps, userId, passwords.next);
}

/**
 * An admin's reset: sets the password (the user must choose their own at the next sign-in), ends
 * every session AND revokes every API token of the user. A reset usually means the account may be
 * in the wrong hands; a token minted meanwhile would otherwise outlive it. Returns the tokens revoked.
 */
export async function resetPassword(
  deps: { store: UserStore },
  userId: string,
  newPassword: string,
  options: { mustChange?: boolean } = {},
): Promise<{ revokedTokens: number }> {
  await setPassword(deps, userId, newPassword, { mustChange: options.mustChange ?? true });
  let revokedTokens = 0;
  for (const token of await deps.store.listApiTokens(userId))
    if (await deps.store.deleteApiToken(token.id)) revokedTokens += 1;
  return { revokedTokens };
}
