// `pnpm rotate-keys`: re-wraps every stored credential under the current key-encryption key.
// Set FLOWLINE_MASTER_KEY (or the key file) to the NEW key and FLOWLINE_PREVIOUS_KEYS to a JSON
// array with the old one(s); after this finishes, the old keys can be removed.
import { systemClock } from './clock';
import { loadConfig } from './config';
import { createCredentialVault, loadKeys } from './credentials';
import { openStore } from './store/openStore';

const config = loadConfig();
const store = await openStore(config);
const keys = loadKeys({
  masterKey: config.masterKey,
  keyFile: config.keyFile,
  previousKeys: config.previousKeys,
});
const vault = createCredentialVault({ store, clock: systemClock, current: keys.current, keys: keys.all });
const count = await vault.rotate();
await store.close();
console.log(`Re-wrapped ${count} credential(s) under key ${keys.current.id}.`);
// Approval links are signed with a key derived from the master key (unless FLOWLINE_SECRET is set).
if (!config.secret && keys.all.size > 1)
  console.log(
    'Approval links are now signed under the new key. Links mailed before stay valid while the old key remains in FLOWLINE_PREVIOUS_KEYS (links live at most 30 days); remove it to end them at once.',
  );
