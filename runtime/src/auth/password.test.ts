import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { assertPasswordPolicy, checkPasswordPolicy } from './passwordPolicy';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple', FAST);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('writes a self-describing scrypt$N$r$p$salt$key string with default cost 2^15', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const [scheme, n, r, p, salt, key] = hash.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64url')).toHaveLength(32);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
  });

  it('salts every hash, so equal passwords hash differently', async () => {
    expect(await hashPassword('same password twice', FAST)).not.toBe(
      await hashPassword('same password twice', FAST),
    );
  });

  it('treats the same text in another Unicode normal form as the same password', async () => {
    const hash = await hashPassword('Ma\u0301laga in the summer', FAST);
    expect(await verifyPassword('M\u00e1laga in the summer', hash)).toBe(true);
  });

  it('never matches a malformed, empty or absurd stored hash', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$1024$8$1$c2FsdA$a2V5',
      'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43),
      'scrypt$4194304$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43),
    ]) {
      expect(await verifyPassword('anything at all', stored)).toBe(false);
    }
  });

  it('asks for a rehash when the stored cost is below the current one', async () => {
    expect(needsRehash(await hashPassword('correct horse battery staple', FAST))).toBe(true);
    expect(needsRehash(await hashPassword('correct horse battery staple'))).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('password policy', () => {
  it('accepts 12 characters or more', () => {
    expect(checkPasswordPolicy('twelve chars')).toEqual({ ok: true });
  });

  it('refuses a short password with a message saying what is needed', () => {
    const result = checkPasswordPolicy('short');
    expect(result).toMatchObject({ ok: false, code: 'PASSWORD_TOO_SHORT' });
    expect(result.ok ? '' : result.message).toMatch(/at least 12 characters/);
    expect(() => assertPasswordPolicy('short')).toThrow(expect.objectContaining({ code: 'WEAK_PASSWORD' }));
  });

  it('counts characters, not UTF-16 units', () => {
    const twelve = '🔒🔑🌲🌊🍎🚲🎈🧭📎🪁🎲🧩';
    expect(checkPasswordPolicy([...twelve].slice(0, 11).join('')).ok).toBe(false);
    expect(checkPasswordPolicy(twelve).ok).toBe(true);
  });

  it('refuses an absurdly long password', () => {
    expect(checkPasswordPolicy('a'.repeat(1025))).toMatchObject({ ok: false, code: 'PASSWORD_TOO_LONG' });
  });
});
