import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './passwordPolicy';

const codeOf = (password: string, owner = {}) => {
  const result = checkPasswordPolicy(password, owner);
  return result.ok ? 'ok' : result.code;
};

describe('password policy: what people commonly choose', () => {
  it.each([
    'password1234',
    'Password2024!',
    'P@ssw0rd2024!',
    'iloveyou123456',
    'qwerty123456',
    '1q2w3e4r5t6y',
    'passwordpassword',
    'monkeymonkey12',
    'Welcome12345!',
    'letmein!letmein',
    'admin1234567',
    'correct horse battery staple',
  ])('refuses %s as too common', (password) => {
    expect(codeOf(password)).toBe('PASSWORD_TOO_COMMON');
  });

  it.each([
    '123456789012',
    'abcdefghijkl',
    'qwertyuiopas',
    'zyxwvutsrqpo',
    'aaaaaaaaaaaa',
    'abcabcabcabc',
    '121212121212',
    'abcdefgh1234',
    '098765432109',
  ])('refuses %s as a sequence or repeat', (password) => {
    expect(codeOf(password)).toBe('PASSWORD_PREDICTABLE');
  });

  it('refuses a password built on the owner’s e-mail address or name', () => {
    const owner = { email: 'maria.rossi@example.com', name: 'Maria Rossi' };
    expect(codeOf('maria.rossi@example.com', owner)).toBe('PASSWORD_PERSONAL');
    expect(codeOf('MariaRossi2024!', owner)).toBe('PASSWORD_PERSONAL');
    expect(codeOf('rossi maria 99', owner)).toBe('PASSWORD_PERSONAL');
    // The name inside a password that stands on its own is fine.
    expect(codeOf('maria likes green tea at dawn', owner)).toBe('ok');
  });

  it.each(['a long enough passphrase', 'twelve chars', 'Tr0ub4dor&3 horse', 'violet kettle drum 42'])(
    'accepts %s',
    (password) => {
      expect(codeOf(password, { email: 'ann@example.com', name: 'Ann' })).toBe('ok');
    },
  );
});
