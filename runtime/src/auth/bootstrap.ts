import { randomUUID } from 'node:crypto';
import { isStoreError, type UserStore } from '../store';
import { withoutPasswordHash, type AuthenticatedUser } from './authenticatedUser';
import type { Clock } from './clock';
import { hashPassword } from './password';
import { randomToken } from './tokens';

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

export type BootstrapResult =
  | { created: false }
  /** Print `oneTimePassword` once for the operator; it is not stored or logged anywhere. */
  | { created: true; user: AuthenticatedUser; oneTimePassword: string };

/**
 * On first start (no users at all) creates an admin with a random password and returns it, so the
 * caller can print it once. Does nothing when any user exists. Two replicas starting together
 * race on the unique e-mail: one creates the admin, the other gets `{ created: false }`.
 *
 * @example
 * ```ts
 * const result = await bootstrapAdmin({ store, clock }, { email: config.adminEmail });
 * if (result.created) process.stdout.write(`Admin ${result.user.email}, password: ${result.oneTimePassword}\n`);
 * ```
 */
export async function bootstrapAdmin(
  deps: { store: UserStore; clock: Clock },
  options: { email?: string } = {},
): Promise<BootstrapResult> {
  const existing = await deps.store.listUsers({ limit: 1 });
  if (existing.items.length > 0) return { created: false };

  // 18 random bytes: 24 characters, past the 12-character policy with room to spare.
  const oneTimePassword = randomToken(18);
  const user = {
    id: randomUUID(),
    email: options.email ?? DEFAULT_ADMIN_EMAIL,
    name: 'Administrator',
    passwordHash: await hashPassword(oneTimePassword),
    roles: ['admin' as const],
    groups: [],
    disabled: false,
    // Printed on a console: good for one sign-in and a change, nothing else (see authorize).
    mustChangePassword: true,
    createdAt: deps.clock.now(),
  };
  try {
    await deps.store.createUser(user);
  } catch (error) {
    if (isStoreError(error, 'CONFLICT')) return { created: false };
    throw error;
  }
  return { created: true, user: withoutPasswordHash(user), oneTimePassword };
}
