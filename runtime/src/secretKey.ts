import { hkdfSync } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_APPROVAL_LINK_LIFETIME_MS } from './auth';
import type { KeyEncryptionKey } from './credentials/envelope';

/** The file older versions kept the signing key in: inside the data directory. */
export const LEGACY_SIGNING_KEY_FILE = 'signing.key';
/** Where that key waits out the links already mailed with it, then is deleted. */
export const RETIRED_SIGNING_KEY_FILE = 'signing.key.retired';

// A purpose label: the same master key yields unrelated keys for unrelated uses.
const PURPOSE = 'flowline/approval-link-signing/v1';

/** The approval-link signing key of a master key (HKDF-SHA256 with a purpose label). */
export const deriveSigningKey = (masterKey: KeyEncryptionKey): Buffer =>
  Buffer.from(hkdfSync('sha256', masterKey.key, Buffer.alloc(0), PURPOSE, 32));

export interface ApprovalLinkKeys {
  /** Signs new links. */
  readonly current: Buffer | string;
  /** Still accepted for links mailed earlier (previous master keys, the retired data-dir key). */
  readonly previous: readonly (Buffer | string)[];
  /** What the operator should know, once per start. */
  readonly notes: readonly string[];
}

/**
 * The approval-link signing keys. Never from the data directory: a copy of the data must not be
 * able to forge approvals. By default the key is derived from the master key (which lives outside
 * the data: FLOWLINE_MASTER_KEY or the key file), so it needs no storage and survives restarts;
 * FLOWLINE_SECRET, when set, is used instead. During a master-key rotation the previous keys'
 * derived keys still verify, so links mailed before `pnpm rotate-keys` keep working while the
 * old key stays in FLOWLINE_PREVIOUS_KEYS.
 *
 * An install upgraded from a version that kept `signing.key` in the data directory: that key is
 * moved aside (`signing.key.retired`, with the time) and only VERIFIES links, for as long as a
 * link can live (30 days); then the file is deleted and a copy of the data forges nothing.
 */
export function loadApprovalLinkKeys(options: {
  dataDir: string;
  configured: string | undefined;
  masterKeys: { current: KeyEncryptionKey; all: ReadonlyMap<string, KeyEncryptionKey> };
  now: number;
}): ApprovalLinkKeys {
  const notes: string[] = [];
  const previous: (Buffer | string)[] = options.configured
    ? []
    : [...options.masterKeys.all.values()]
        .filter((key) => key.id !== options.masterKeys.current.id)
        .map(deriveSigningKey);
  const legacy = retireLegacyKey(options.dataDir, options.now, notes);
  if (legacy) previous.push(legacy);
  return {
    current: options.configured ?? deriveSigningKey(options.masterKeys.current),
    previous,
    notes,
  };
}

function retireLegacyKey(dataDir: string, now: number, notes: string[]): string | undefined {
  const legacyFile = join(dataDir, LEGACY_SIGNING_KEY_FILE);
  const retiredFile = join(dataDir, RETIRED_SIGNING_KEY_FILE);
  const legacy = readIfPresent(legacyFile);
  if (legacy !== undefined) {
    // Written before the old file goes: a crash in between leaves the key in one place or both;
    // a second replica starting at the same moment finds either and ends in the same state.
    if (!existsSync(retiredFile))
      writeFileSync(retiredFile, JSON.stringify({ key: legacy.trim(), retiredAt: now }), { mode: 0o600 });
    rmSync(legacyFile, { force: true });
  }
  const text = readIfPresent(retiredFile);
  if (text === undefined) return undefined;
  const retired = parseRetired(text);
  const until = (retired?.retiredAt ?? 0) + MAX_APPROVAL_LINK_LIFETIME_MS;
  if (!retired || now >= until) {
    rmSync(retiredFile, { force: true });
    notes.push(
      `${RETIRED_SIGNING_KEY_FILE} was deleted: links signed with the old data-directory key have expired.`,
    );
    return undefined;
  }
  notes.push(
    `Approval links are now signed with a key derived from the master key. Links mailed before the upgrade stay valid until ${new Date(until).toISOString()} (then ${RETIRED_SIGNING_KEY_FILE} is deleted; delete it now to end them at once).`,
  );
  return retired.key;
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseRetired(text: string): { key: string; retiredAt: number } | undefined {
  try {
    const value = JSON.parse(text) as { key?: unknown; retiredAt?: unknown };
    return typeof value.key === 'string' && value.key.length >= 32 && typeof value.retiredAt === 'number'
      ? { key: value.key, retiredAt: value.retiredAt }
      : undefined;
  } catch {
    return undefined;
  }
}
