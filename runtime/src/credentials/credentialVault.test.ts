import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock';
import { createSqliteStore, type Store } from '../store';
import { createCredentialVault } from './credentialVault';
import { loadKeys } from './masterKey';

describe('credential vault', () => {
  let dir: string;
  let store: Store;
  const clock = createManualClock();
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('base64');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-vault-'));
    store = await createSqliteStore({ path: join(dir, 'db.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const vaultWith = (masterKey: string, previousKeys: string[] = []) => {
    const { current, all } = loadKeys({ masterKey, previousKeys });
    return createCredentialVault({ store, clock, current, keys: all });
  };

  it('stores credentials encrypted and gives them back only through resolve', async () => {
    const vault = vaultWith(keyA);
    await vault.save('servicenow', 'prod', {
      credentials: { username: 'svc', password: 'hunter2-very-secret' },
      settings: { instanceUrl: 'https://acme.example' },
    });
    const [stored] = await store.listSecrets('servicenow');
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(JSON.stringify(stored)).not.toContain('svc');
    expect(await vault.list()).toEqual([
      expect.objectContaining({ name: 'prod', connectorId: 'servicenow' }),
    ]);
    expect(JSON.stringify(await vault.list())).not.toContain('hunter2');
    expect(await vault.resolve('servicenow', 'prod')).toEqual({
      credentials: { username: 'svc', password: 'hunter2-very-secret' },
      settings: { instanceUrl: 'https://acme.example' },
    });
  });

  it('refuses a ciphertext that was altered or moved to another record', async () => {
    const vault = vaultWith(keyA);
    const a = await vault.save('jira', 'a', { credentials: { token: 'one' } });
    const b = await vault.save('jira', 'b', { credentials: { token: 'two' } });
    const secretA = (await store.getSecret(a.id))!;
    await store.updateSecret(b.id, { ciphertext: secretA.ciphertext, updatedAt: 1 });
    await expect(vault.resolve('jira', 'b')).rejects.toThrow();
    const envelope = structuredClone(secretA.ciphertext) as { payload: { data: string } };
    envelope.payload.data = Buffer.from('tampered').toString('base64');
    await store.updateSecret(a.id, { ciphertext: envelope as never, updatedAt: 2 });
    await expect(vault.resolve('jira', 'a')).rejects.toThrow();
  });

  it('rotates the key-encryption key by re-wrapping, after which the old key can go', async () => {
    await vaultWith(keyA).save('scim', 'okta', { credentials: { token: 'bearer-secret' } });
    expect(() => vaultWith(keyB)).not.toThrow();
    await expect(vaultWith(keyB).resolve('scim', 'okta')).rejects.toThrow(/not configured/);
    const rotating = vaultWith(keyB, [keyA]);
    expect(await rotating.resolve('scim', 'okta')).toEqual({ credentials: { token: 'bearer-secret' } });
    expect(await rotating.rotate()).toBe(1);
    expect(await vaultWith(keyB).resolve('scim', 'okta')).toEqual({
      credentials: { token: 'bearer-secret' },
    });
  });

  it('creates a key file with owner-only permissions at first start and reuses it', () => {
    const file = join(dir, 'keys', 'master.key');
    const first = loadKeys({ keyFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadKeys({ keyFile: file }).current.id).toBe(first.current.id);
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toHaveLength(32);
  });
});
