import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { changeOwnPassword, setPassword } from './passwordChange';
import { resumeSession, signIn } from './session';
import { PASSWORD, addUser, manualClock, openStore } from './testFixture';

let store: Store;
let dispose: () => Promise<void>;
const clock = manualClock();

beforeEach(async () => {
  ({ store, dispose } = await openStore());
  await addUser(store, 'vera', ['viewer']);
});
afterEach(async () => {
  await dispose();
});

describe('password change', () => {
  it('replaces the password and signs the user out everywhere', async () => {
    const { token } = await signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD });
    await changeOwnPassword({ store }, 'vera', { current: PASSWORD, next: 'a brand new passphrase' });
    expect(await resumeSession({ store, clock }, token)).toBeNull();
    await expect(
      signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD }),
    ).rejects.toThrow();
    await expect(
      signIn({ store, clock }, { email: 'vera@example.com', password: 'a brand new passphrase' }),
    ).resolves.toBeDefined();
  });

  it('requires the current password', async () => {
    await expect(
      changeOwnPassword({ store }, 'vera', { current: 'wrong wrong wrong', next: 'a brand new passphrase' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses a password the policy rejects and keeps the old one', async () => {
    await expect(setPassword({ store }, 'vera', 'short')).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    await expect(
      signIn({ store, clock }, { email: 'vera@example.com', password: PASSWORD }),
    ).resolves.toBeDefined();
  });
});
