/**
 * Collections of people and their credentials:
 *
 *   users:     { _id: user id, email, emailKey: email lower-cased (unique), name, passwordHash,
 *                roles: string[], memberships: [{ group, seq }] (the user's groups, in their order;
 *                seq: the group's join number, see groups.ts), disabled, mustChangePassword?: true,
 *                away?: { delegate, until, from?, note?, setBy, setAt } (set only by setUserAway),
 *                createdAt: epoch ms }
 *   sessions:  { _id: session id (a hash of the token), userId, expiresAt: epoch ms }
 *   apiTokens: { _id: token id, tokenHash (unique), name, userId, roles: string[], createdAt: epoch ms,
 *                lastUsedAt?: epoch ms }
 */
import type { ApiToken, Away, Role, Session, User } from '../schemas/auth';

export const USERS = 'users';
export const SESSIONS = 'sessions';
export const API_TOKENS = 'apiTokens';

export interface Membership {
  group: string;
  seq: number;
}

export interface UserDocument {
  _id: string;
  email: string;
  emailKey: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  memberships: Membership[];
  disabled: boolean;
  mustChangePassword?: true;
  away?: Away;
  createdAt: number;
}

export interface SessionDocument {
  _id: string;
  userId: string;
  expiresAt: number;
}

export interface ApiTokenDocument {
  _id: string;
  tokenHash: string;
  name: string;
  userId: string;
  roles: Role[];
  createdAt: number;
  lastUsedAt?: number;
}

/**
 * E-mails are unique compared case-insensitively: the unique index is on this key. (Full Unicode
 * lower-casing; the SQLite adapter's NOCASE folds ASCII letters only.)
 */
export const emailKey = (email: string): string => email.toLowerCase();

/** The user's stored fields other than memberships (which joinGroups numbers). */
export function userFields(user: Omit<User, 'groups'>): Omit<UserDocument, 'memberships'> {
  return {
    _id: user.id,
    email: user.email,
    emailKey: emailKey(user.email),
    name: user.name,
    passwordHash: user.passwordHash,
    roles: [...user.roles],
    disabled: user.disabled,
    ...(user.mustChangePassword ? { mustChangePassword: true as const } : {}),
    ...(user.away ? { away: awayDocument(user.away) } : {}),
    createdAt: user.createdAt,
  };
}

/** The away setting with only the fields it has (no undefined keys in the document). */
export const awayDocument = (away: Away): Away => ({
  delegate: away.delegate,
  until: away.until,
  ...(away.from !== undefined ? { from: away.from } : {}),
  ...(away.note !== undefined ? { note: away.note } : {}),
  setBy: away.setBy,
  setAt: away.setAt,
});

export const toUser = (doc: UserDocument): User => ({
  id: doc._id,
  email: doc.email,
  name: doc.name,
  passwordHash: doc.passwordHash,
  roles: doc.roles,
  groups: doc.memberships.map((membership) => membership.group),
  disabled: doc.disabled,
  ...(doc.mustChangePassword ? { mustChangePassword: true } : {}),
  ...(doc.away ? { away: awayDocument(doc.away) } : {}),
  createdAt: doc.createdAt,
});

/**
 * The user's new group list as memberships: groups they stay in keep their join number (and so
 * their place among the group's members); `joined` numbers the new ones.
 */
export function nextMemberships(
  current: readonly Membership[],
  groups: readonly string[],
  joined: readonly Membership[],
): Membership[] {
  const known = new Map([...current, ...joined].map((membership) => [membership.group, membership.seq]));
  return [...new Set(groups)].map((group) => ({ group, seq: known.get(group) ?? 0 }));
}

export const sessionDocument = (session: Session): SessionDocument => ({
  _id: session.id,
  userId: session.userId,
  expiresAt: session.expiresAt,
});

export const toSession = (doc: SessionDocument): Session => ({
  id: doc._id,
  userId: doc.userId,
  expiresAt: doc.expiresAt,
});

export const apiTokenDocument = (token: ApiToken): ApiTokenDocument => ({
  _id: token.id,
  tokenHash: token.tokenHash,
  name: token.name,
  userId: token.userId,
  roles: [...token.roles],
  createdAt: token.createdAt,
  ...(token.lastUsedAt !== undefined ? { lastUsedAt: token.lastUsedAt } : {}),
});

export const toApiToken = (doc: ApiTokenDocument): ApiToken => ({
  id: doc._id,
  tokenHash: doc.tokenHash,
  name: doc.name,
  userId: doc.userId,
  roles: doc.roles,
  createdAt: doc.createdAt,
  ...(doc.lastUsedAt !== undefined ? { lastUsedAt: doc.lastUsedAt } : {}),
});
