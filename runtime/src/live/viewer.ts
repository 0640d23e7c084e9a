import { permissionsBeyond, type Authentication } from '../auth';
import type { Role, Store, User } from '../store';

/** Who holds a stream: enough to read their rights again while it stays open. */
export type Viewer =
  | { userId: string; via: 'session'; sessionId: string }
  | { userId: string; via: 'token'; tokenId: string; tokenRoles: readonly Role[] };

/** A viewer's current user and effective roles, as the next request would see them. */
export interface ViewerRights {
  user: Pick<User, 'id' | 'groups'>;
  roles: readonly Role[];
}

/** A token's viewer keeps the roles it acted with when the stream opened: never more later. */
export function viewerOf(auth: Authentication): Viewer {
  return auth.via === 'session'
    ? { userId: auth.user.id, via: 'session', sessionId: auth.sessionId }
    : { userId: auth.user.id, via: 'token', tokenId: auth.tokenId, tokenRoles: auth.roles };
}

/**
 * Reads the viewer's rights now (a stream outlives the request that opened it): null once the
 * user is disabled or gone, or the session or token that opened it is. Roles and groups are the
 * current ones, so a revocation reaches open streams at the next change.
 */
export async function currentRights(store: Store, viewer: Viewer, now: number): Promise<ViewerRights | null> {
  const user = await store.getUser(viewer.userId);
  if (!user || user.disabled) return null;
  if (viewer.via === 'session') {
    const session = await store.getSession(viewer.sessionId);
    if (!session || session.userId !== user.id || session.expiresAt <= now) return null;
    return { user, roles: user.roles };
  }
  const tokens = await store.listApiTokens(user.id);
  if (!tokens.some((token) => token.id === viewer.tokenId)) return null;
  // As resolveApiToken: the token's roles whose permissions the user still holds.
  const roles = viewer.tokenRoles.filter((role) => permissionsBeyond(user.roles, [role]).length === 0);
  return { user, roles };
}
