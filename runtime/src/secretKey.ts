import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The approval-link signing key: from configuration, or created once in the data directory
 * (mode 0600) so links stay valid across restarts.
 */
export function loadSigningKey(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = join(dataDir, 'signing.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
