import { COMMON_PASSWORDS, COMMON_PASSWORD_BASES } from './commonPasswords';
import { AuthError } from './errors';

export const MIN_PASSWORD_LENGTH = 12;
// Long enough for any passphrase; short enough that hashing it costs nothing extra.
export const MAX_PASSWORD_LENGTH = 1024;

export type PasswordPolicyCode =
  | 'PASSWORD_TOO_SHORT'
  | 'PASSWORD_TOO_LONG'
  | 'PASSWORD_TOO_COMMON'
  | 'PASSWORD_PREDICTABLE'
  | 'PASSWORD_PERSONAL';

export type PasswordPolicyResult = { ok: true } | { ok: false; code: PasswordPolicyCode; message: string };

/** Who the password is for: it must not be built on their own e-mail address or name. */
export interface PasswordOwner {
  readonly email?: string | undefined;
  readonly name?: string | undefined;
}

// Characters that follow one another on a keyboard row, in the alphabet, or in digits.
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiop',
  'azertyuiop',
];
const LEET: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
  '!': 'i',
};
// The rest of a password once the owner's e-mail or name is taken out must stand on its own.
const MIN_REST_LENGTH = 8;

const squeeze = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s._\-+]+/g, '');

const follows = (a: string, b: string): boolean =>
  a === b || SEQUENCES.some((s) => (s.includes(a + b) || s.includes(b + a)) && a !== b);

/** True when nearly every character repeats or continues its neighbour (`aaaa…`, `abcd…1234`, `qwerty…`). */
function isPredictable(text: string): boolean {
  const chars = [...text];
  let surprises = 0;
  for (let i = 1; i < chars.length; i += 1) if (!follows(chars[i - 1]!, chars[i]!)) surprises += 1;
  return surprises <= 1;
}

/** The shortest unit the text repeats (`abcabcabc` → `abc`), or the text itself. */
function repeatedUnit(text: string): string {
  for (let size = 1; size <= text.length / 2; size += 1) {
    const unit = text.slice(0, size);
    if (unit.repeat(Math.ceil(text.length / size)).startsWith(text)) return unit;
  }
  return text;
}

/** The letters a password is built on: letter swaps undone, digits and symbols around it dropped. */
function basesOf(squeezed: string): string[] {
  const trim = (text: string) => text.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const unleet = (text: string) => [...text].map((ch) => LEET[ch] ?? ch).join('');
  const variants = [squeezed, unleet(squeezed), unleet(trim(squeezed)), squeezed.replace(/[^a-z]+/g, '')];
  variants.push(
    ...variants.map((v) => v.replaceAll('1', 'i')),
    ...variants.map((v) => v.replaceAll('1', 'l')),
  );
  return variants.map((v) => repeatedUnit(trim(v)));
}

function personalParts(owner: PasswordOwner): string[] {
  const email = owner.email?.toLowerCase().trim() ?? '';
  const local = email.split('@')[0] ?? '';
  const name = owner.name?.toLowerCase().trim() ?? '';
  const parts = [email, local, ...local.split(/[._+-]/), squeeze(name), ...name.split(/\s+/)];
  return [...new Set(parts.map(squeeze).filter((part) => part.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
}

const refuse = (code: PasswordPolicyCode, message: string): PasswordPolicyResult => ({
  ok: false,
  code,
  message,
});

/**
 * Checks a new password: 12+ characters (NIST SP 800-63B: length, no composition rules), and not
 * one people commonly choose: a well-known password or its base with digits and symbols around
 * it, a keyboard or alphabet sequence, a repeat, or the owner's own e-mail address or name.
 */
export function checkPasswordPolicy(password: string, owner: PasswordOwner = {}): PasswordPolicyResult {
  // Count characters as people see them, not UTF-16 units.
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return refuse(
      'PASSWORD_TOO_SHORT',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long (it has ${length}). A few unrelated words make a good one.`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return refuse(
      'PASSWORD_TOO_LONG',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
    );
  }
  const squeezed = squeeze(password);
  if (COMMON_PASSWORDS.has(squeezed) || basesOf(squeezed).some((base) => COMMON_PASSWORD_BASES.has(base))) {
    return refuse(
      'PASSWORD_TOO_COMMON',
      'This password is one of the most common ones (digits or symbols around a common word do not change that). A few unrelated words make a good one.',
    );
  }
  const unit = repeatedUnit(squeezed);
  if (isPredictable(squeezed) || [...unit].length <= 4 || isPredictable(unit)) {
    return refuse(
      'PASSWORD_PREDICTABLE',
      'This password is a sequence or a repeat (like "abcd…", "1234…", "qwerty…" or "aaaa…"), which is guessed first.',
    );
  }
  let rest = squeezed;
  for (const part of personalParts(owner)) rest = rest.replaceAll(part, '');
  if (rest !== squeezed && rest.length < MIN_REST_LENGTH) {
    return refuse('PASSWORD_PERSONAL', 'The password must not be built on your own e-mail address or name.');
  }
  return { ok: true };
}

/** Throws AuthError('WEAK_PASSWORD') with the policy's message when the password does not pass. */
export function assertPasswordPolicy(password: string, owner: PasswordOwner = {}): void {
  const result = checkPasswordPolicy(password, owner);
  if (!result.ok) throw new AuthError('WEAK_PASSWORD', result.message);
}
