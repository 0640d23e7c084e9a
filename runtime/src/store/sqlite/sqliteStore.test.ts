import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { runStoreContract } from '../contract';
import { createSqliteStore } from './sqliteStore';

// The whole contract, once with group commit (the default) and once with one transaction per write.
for (const groupCommit of [true, false]) {
  runStoreContract({
    name: groupCommit ? 'sqlite (group commit)' : 'sqlite (one transaction per write)',
    async makeStore() {
      const directory = mkdtempSync(join(tmpdir(), 'flowline-store-'));
      const path = join(directory, 'nested', 'flowline.db');
      return {
        store: await createSqliteStore({ path, groupCommit }),
        openPeer: () => createSqliteStore({ path, groupCommit }),
        async tamperHistory(instanceId, seq, data) {
          const raw = new Database(path);
          raw
            .prepare('UPDATE history SET data = :data WHERE instance_id = :instanceId AND seq = :seq')
            .run({ data: JSON.stringify(data), instanceId, seq });
          raw.close();
        },
        async cleanup() {
          rmSync(directory, { recursive: true, force: true });
        },
      };
    },
  });
}
