import { AuthError } from './errors';

export const MIN_PASSWORD_LENGTH = 12;
// Long enough for any passphrase; short enough that hashing it costs nothing extra.
export const MAX_PASSWORD_LENGTH = 1024;

export type PasswordPolicyResult =
  { ok: true } | { ok: false; code: 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG'; message: string };

/**
 * Checks a new password against the policy: length only (12+ characters), as NIST SP 800-63B
 * advises; composition rules push people to predictable patterns.
 */
export function checkPasswordPolicy(password: string): PasswordPolicyResult {
  // Count characters as people see them, not UTF-16 units.
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      code: 'PASSWORD_TOO_SHORT',
      message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long (it has ${length}). A few unrelated words make a good one.`,
    };
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return {
      ok: false,
      code: 'PASSWORD_TOO_LONG',
      message: `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
    };
  }
  return { ok: true };
}

/** Throws AuthError('WEAK_PASSWORD') with the policy's message when the password does not pass. */
export function assertPasswordPolicy(password: string): void {
  const result = checkPasswordPolicy(password);
  if (!result.ok) throw new AuthError('WEAK_PASSWORD', result.message);
}
