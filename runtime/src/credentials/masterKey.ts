import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { toKek, type KeyEncryptionKey } from './envelope';

/** Where the key file lives by default: beside the user's config, NOT on the data volume. */
export const defaultKeyFile = (): string =>
  join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'flowline', 'master.key');

const decode = (text: string, what: string): Buffer => {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes, base64-encoded`);
  return key;
};

/**
 * The current key-encryption key (from FLOWLINE_MASTER_KEY, or a key file created at first
 * start with mode 0600) and previous keys still accepted for decryption during a rotation.
 */
export function loadKeys(options: {
  masterKey?: string | undefined;
  keyFile?: string | undefined;
  previousKeys?: readonly string[];
}): { current: KeyEncryptionKey; all: Map<string, KeyEncryptionKey> } {
  let current: KeyEncryptionKey;
  if (options.masterKey) current = toKek(decode(options.masterKey, 'FLOWLINE_MASTER_KEY'));
  else {
    const file = options.keyFile ?? defaultKeyFile();
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      try {
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process created it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    current = toKek(decode(readFileSync(file, 'utf8'), `The key file ${file}`));
  }
  const all = new Map([[current.id, current]]);
  for (const text of options.previousKeys ?? []) {
    const kek = toKek(decode(text, 'FLOWLINE_PREVIOUS_KEYS entries'));
    all.set(kek.id, kek);
  }
  return { current, all };
}
