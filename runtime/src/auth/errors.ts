/** Why an auth step failed, as a code the HTTP edge maps to a status once. */
export type AuthErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_CREDENTIALS'
  | 'WEAK_PASSWORD'
  | 'RATE_LIMITED'
  | 'ROUTE_NOT_LISTED';

export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isAuthError = (error: unknown, code?: AuthErrorCode): error is AuthError =>
  error instanceof AuthError && (code === undefined || error.code === code);
