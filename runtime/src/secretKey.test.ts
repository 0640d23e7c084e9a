import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApprovalLinks, MAX_APPROVAL_LINK_LIFETIME_MS } from './auth';
import { loadKeys } from './credentials';
import { LEGACY_SIGNING_KEY_FILE, RETIRED_SIGNING_KEY_FILE, loadApprovalLinkKeys } from './secretKey';

const T0 = 1_750_000_000_000;
const claims = { taskId: 'i1:mgr#1#0', approverId: 'maria', decision: 'approved', expiresAt: T0 + 3_600_000 };
const masterKey = () => randomBytes(32).toString('base64');

describe('approval-link signing keys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-keys-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (keys: ReturnType<typeof loadKeys>, now = T0, configured?: string) =>
    loadApprovalLinkKeys({ dataDir, configured, masterKeys: keys, now });
  const linksOf = (keys: ReturnType<typeof load>) =>
    createApprovalLinks({ secret: keys.current, previousSecrets: keys.previous });

  it('derives the key from the master key: nothing is written to the data directory, and restarts agree', () => {
    const keys = loadKeys({ masterKey: masterKey() });
    const token = linksOf(load(keys)).sign(claims, T0);
    expect(readdirSync(dataDir)).toEqual([]);
    expect(linksOf(load(keys)).verify(token, T0).ok).toBe(true);
    // Another master key (another install, or a copy of the data without the key) signs nothing valid.
    expect(linksOf(load(loadKeys({ masterKey: masterKey() }))).verify(token, T0)).toEqual({
      ok: false,
      code: 'INVALID_SIGNATURE',
    });
  });

  it('keeps links signed before a master-key rotation valid while the old key is still configured', () => {
    const before = masterKey();
    const after = masterKey();
    const token = linksOf(load(loadKeys({ masterKey: before }))).sign(claims, T0);
    const rotating = loadKeys({ masterKey: after, previousKeys: [before] });
    expect(linksOf(load(rotating)).verify(token, T0).ok).toBe(true);
    expect(linksOf(load(loadKeys({ masterKey: after }))).verify(token, T0).ok).toBe(false);
  });

  it('moves an old data-directory key aside: it verifies links already mailed for 30 days, signs none, then goes', () => {
    const legacy = randomBytes(32).toString('base64url');
    writeFileSync(join(dataDir, LEGACY_SIGNING_KEY_FILE), legacy);
    const mailed = createApprovalLinks({ secret: legacy }).sign(claims, T0);
    const keys = loadKeys({ masterKey: masterKey() });

    const upgraded = load(keys);
    expect(existsSync(join(dataDir, LEGACY_SIGNING_KEY_FILE))).toBe(false);
    expect(existsSync(join(dataDir, RETIRED_SIGNING_KEY_FILE))).toBe(true);
    expect(upgraded.notes.join('\n')).toMatch(/stay valid until/);
    expect(linksOf(upgraded).verify(mailed, T0).ok).toBe(true);
    const fresh = linksOf(upgraded).sign(claims, T0);
    expect(createApprovalLinks({ secret: legacy }).verify(fresh, T0).ok).toBe(false);

    // A restart within the grace period still honours it…
    expect(linksOf(load(keys, T0 + 86_400_000)).verify(mailed, T0).ok).toBe(true);
    // …and the first start after it deletes it.
    const later = load(keys, T0 + MAX_APPROVAL_LINK_LIFETIME_MS);
    expect(existsSync(join(dataDir, RETIRED_SIGNING_KEY_FILE))).toBe(false);
    expect(linksOf(later).verify(mailed, T0)).toEqual({ ok: false, code: 'INVALID_SIGNATURE' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('uses FLOWLINE_SECRET when an operator sets one', () => {
    const secret = 'an operator-chosen secret of 32+ bytes';
    const keys = load(loadKeys({ masterKey: masterKey() }), T0, secret);
    expect(createApprovalLinks({ secret }).verify(linksOf(keys).sign(claims, T0), T0).ok).toBe(true);
  });
});
