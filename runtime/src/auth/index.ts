/**
 * @module Authentication and authorization for the runtime's HTTP API.
 *
 * Promises: passwords are stored only as scrypt hashes and tokens only as SHA-256 hashes; every
 * request reads the caller's CURRENT user and roles, so a revocation takes effect at once; access is
 * decided on the router's matched route from one route → permission table, and anything unlisted is
 * denied. It never reads the clock directly (a `Clock` is passed in) and never logs secrets.
 */
export type { Clock } from './clock';
export { AuthError, isAuthError, type AuthErrorCode } from './errors';
export {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptParams,
} from './password';
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  assertPasswordPolicy,
  checkPasswordPolicy,
  type PasswordOwner,
  type PasswordPolicyCode,
  type PasswordPolicyResult,
} from './passwordPolicy';
export { changeOwnPassword, resetPassword, setPassword } from './passwordChange';
export {
  ACCOUNT_BACKOFF,
  ACCOUNT_FROM_ADDRESS_BACKOFF,
  accountKey,
  createSignInThrottle,
  type SignInThrottle,
} from './signInThrottle';
export { createFailureBackoff, type BackoffPolicy, type BackoffVerdict } from './failureBackoff';
export { API_TOKEN_PREFIX, SESSION_TOKEN_PREFIX, hashToken, newApiToken, randomToken } from './tokens';
export {
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSIONS,
  hasPermission,
  permissionsBeyond,
  permissionsOf,
  type Permission,
  type Role,
} from './roles';
export {
  assertEveryRouteListed,
  defineRoutePermissions,
  lookupRouteAccess,
  resolveRouteAccess,
  type RegisteredRoute,
  type RouteAccess,
  type RouteDecision,
  type RouteKey,
  type RouteMethod,
  type RoutePermissionTable,
} from './routePermissions';
export {
  inInstanceScope,
  instanceScopeOf,
  scopedInstanceFilter,
  taskInvolves,
  tasksOf,
  type InstanceScope,
  type InstanceTasksReader,
  type ScopeHolder,
} from './instanceScope';
export type { AuthEnv, AuthVariables, Authentication, AuthenticatedUser } from './authenticatedUser';
export { authenticate, authorize, type AuthenticateOptions } from './middleware';
export { isSameOriginRequest } from './csrf';
export {
  DEFAULT_SESSION_POLICY,
  resumeSession,
  signIn,
  signOut,
  signOutEverywhere,
  type SessionDeps,
  type SessionPolicy,
  type SignedIn,
} from './session';
export {
  SESSION_COOKIE,
  clearSessionCookie,
  readSessionCookie,
  setSessionCookie,
  type SessionCookieOptions,
} from './sessionCookie';
export { DEFAULT_ADMIN_EMAIL, bootstrapAdmin, type BootstrapResult } from './bootstrap';
export { forwardedAddress, rateLimit, socketAddress, type RateLimitOptions } from './rateLimit';
export {
  ApprovalLinkError,
  MAX_APPROVAL_LINK_LIFETIME_MS,
  createApprovalLinks,
  type ApprovalLinkClaims,
  type ApprovalLinkErrorCode,
  type ApprovalLinkResult,
  type ApprovalLinks,
} from './approvalLink';
export {
  PRINCIPALS,
  expectedOutcome,
  routeAuthorizationMatrix,
  sampleUrl,
  type ExpectedOutcome,
  type Principal,
  type RouteAuthorizationCase,
} from './routeMatrix';
