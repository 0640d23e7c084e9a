import type { Role, User, UserStore } from '../store';
import type { Clock } from './clock';
import { permissionsBeyond } from './roles';
import { hashToken, isApiTokenShape } from './tokens';

// lastUsedAt is for people deciding which tokens to revoke; minute precision spares a write per call.
const TOUCH_AFTER_MS = 60_000;

/**
 * The token and CURRENT user behind an API token, or null. A token acts with those of its roles
 * whose permissions its owner still holds (read now), so demoting a user narrows their tokens at once.
 */
export async function resolveApiToken(
  deps: { store: UserStore; clock: Clock },
  token: string,
): Promise<{ tokenId: string; user: User; roles: Role[] } | null> {
  if (!isApiTokenShape(token)) return null;
  const record = await deps.store.getApiTokenByHash(hashToken(token));
  if (!record) return null;
  const user = await deps.store.getUser(record.userId);
  if (!user || user.disabled) return null;
  const now = deps.clock.now();
  if (record.lastUsedAt === undefined || now - record.lastUsedAt >= TOUCH_AFTER_MS) {
    await deps.store.touchApiToken(record.id, now);
  }
  // By permission, not role name: an admin's viewer token is a viewer; a demoted user's admin token is nothing.
  const roles = record.roles.filter((role) => permissionsBeyond(user.roles, [role]).length === 0);
  return { tokenId: record.id, user, roles };
}

/** The token of an `Authorization: Bearer <token>` header, or null for any other scheme. */
export function bearerToken(header: string): string | null {
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
  return match?.[1] ?? null;
}
