import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { bootstrapAdmin } from './bootstrap';
import { checkPasswordPolicy } from './passwordPolicy';
import { needsRehash } from './password';
import { resumeSession, signIn, signOut } from './session';
import { PASSWORD, T0, addUser, manualClock, openStore, type ManualClock } from './testFixture';
import { hashToken } from './tokens';

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;

beforeEach(async () => {
  ({ store, dispose } = await openStore());
  clock = manualClock();
});
afterEach(async () => {
  await dispose();
});

describe('signIn', () => {
  it('opens a session stored only by the hash of its token, expiring after 12 hours idle', async () => {
    await addUser(store, 'vera', ['viewer']);
    const signedIn = await signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD });
    expect(signedIn.token).toMatch(/^fls_/);
    expect(signedIn.sessionId).toBe(hashToken(signedIn.token));
    expect(await store.getSession(signedIn.token)).toBeNull();
    expect(await store.getSession(signedIn.sessionId)).toEqual({
      id: signedIn.sessionId,
      userId: 'vera',
      expiresAt: T0 + 12 * 3_600_000,
    });
    expect(signedIn.absoluteExpiresAt).toBe(T0 + 7 * 24 * 3_600_000);
    expect(signedIn.user).not.toHaveProperty('passwordHash');
  });

  it('finds the user whatever the case of the e-mail', async () => {
    await addUser(store, 'vera', ['viewer']);
    await expect(
      signIn({ store, clock }, { email: ' Vera@Example.com ', password: PASSWORD }),
    ).resolves.toBeDefined();
  });

  it.each([
    ['a wrong password', 'vera@example.com', 'not the password at all'],
    ['an unknown e-mail', 'nobody@example.com', PASSWORD],
  ])('refuses %s with the same INVALID_CREDENTIALS error', async (_case, email, password) => {
    await addUser(store, 'vera', ['viewer']);
    await expect(signIn({ store, clock }, { email, password })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'The e-mail or password is not correct.',
    });
  });

  it('does the full hashing work for an unknown e-mail too', async () => {
    await addUser(store, 'vera', ['viewer']);
    // Warm the dummy hash, then compare one known-user failure with one unknown-user failure.
    await signIn({ store, clock }, { email: 'x@example.com', password: 'x' }).catch(() => undefined);
    await signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD }); // upgrades vera's hash
    // The fastest of three runs: a busy machine can only make a run slower, never faster.
    const time = async (email: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const start = performance.now();
        await signIn({ store, clock }, { email, password: 'wrong wrong wrong' }).catch(() => undefined);
        runs.push(performance.now() - start);
      }
      return Math.min(...runs);
    };
    const known = await time('vera@example.com');
    const unknown = await time('nobody@example.com');
    expect(unknown).toBeGreaterThan(known / 4);
  });

  it('refuses a disabled user even with the right password', async () => {
    await addUser(store, 'vera', ['viewer'], { disabled: true });
    await expect(
      signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('upgrades a hash made with weaker parameters', async () => {
    await addUser(store, 'vera', ['viewer']);
    await signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD });
    expect(needsRehash((await store.getUser('vera'))?.passwordHash ?? '')).toBe(false);
  });
});

describe('resumeSession and signOut', () => {
  it('refuses a token that looks right but was never issued', async () => {
    expect(await resumeSession({ store, clock }, 'fls_abc_' + 'A'.repeat(43))).toBeNull();
    expect(await resumeSession({ store, clock }, 'anything')).toBeNull();
  });

  it('refuses a token whose issue time was edited (its hash no longer matches)', async () => {
    await addUser(store, 'vera', ['viewer']);
    const { token } = await signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD });
    const edited = token.replace(/^fls_[0-9a-z]+_/, `fls_${(T0 + 6 * 24 * 3_600_000).toString(36)}_`);
    expect(await resumeSession({ store, clock }, edited)).toBeNull();
  });

  it('ends the session at sign-out', async () => {
    await addUser(store, 'vera', ['viewer']);
    const { token } = await signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD });
    expect(await resumeSession({ store, clock }, token)).not.toBeNull();
    await signOut({ store }, token);
    expect(await resumeSession({ store, clock }, token)).toBeNull();
  });

  it('deletes an expired session when it is presented', async () => {
    await addUser(store, 'vera', ['viewer']);
    const { token, sessionId } = await signIn(
      { store, clock },
      { email: 'vera@example.com', password: PASSWORD },
    );
    clock.advance(13 * 3_600_000);
    expect(await resumeSession({ store, clock }, token)).toBeNull();
    expect(await store.getSession(sessionId)).toBeNull();
  });
});

describe('bootstrapAdmin', () => {
  it('creates one admin on an empty store with a one-time password that signs in', async () => {
    const result = await bootstrapAdmin({ store, clock });
    if (!result.created) throw new Error('expected an admin to be created');
    expect(result.user).toMatchObject({ email: 'admin@localhost', roles: ['admin'], disabled: false });
    expect(checkPasswordPolicy(result.oneTimePassword).ok).toBe(true);
    await expect(
      signIn({ store, clock }, { email: 'admin@localhost', password: result.oneTimePassword }),
    ).resolves.toMatchObject({ user: { roles: ['admin'] } });
  });

  it('uses the configured e-mail and does nothing once any user exists', async () => {
    expect(await bootstrapAdmin({ store, clock }, { email: 'ops@example.com' })).toMatchObject({
      created: true,
      user: { email: 'ops@example.com' },
    });
    expect(await bootstrapAdmin({ store, clock })).toEqual({ created: false });
    expect((await store.listUsers({ limit: 10 })).items).toHaveLength(1);
  });
});
