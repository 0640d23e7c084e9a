// `pnpm rotate-keys`: re-wraps every stored credential under the current key-encryption key.
// Set FLOWLINE_MASTER_KEY (or the key file) to the NEW key and FLOWLINE_PREVIOUS_KEYS to a JSON
// array with the old one(s); after this finishes, the old keys can be removed.
import { resolve } from 'node:path';
import { systemClock } from './clock';
import { loadConfig } from './config';
import { createCredentialVault, loadKeys } from './credentials';
import { createSqliteStore } from './store';

const config = loadConfig();
const store = await createSqliteStore({ path: resolve(config.dataDir, 'flowline.db') });
const keys = loadKeys({
  masterKey: config.masterKey,
  keyFile: config.keyFile,
  previousKeys: config.previousKeys,
});
const vault = createCredentialVault({ store, clock: systemClock, current: keys.current, keys: keys.all });
const count = await vault.rotate();
await store.close();
console.log(`Re-wrapped ${count} credential(s) under key ${keys.current.id}.`);
