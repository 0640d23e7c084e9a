import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, it } from 'vitest';
import { runStoreContract } from '../contract';
import { HISTORY } from './history';
import { createMongoStore } from './mongoStore';

/**
 * The whole Store contract against a real MongoDB replica set, when FLOWLINE_MONGODB_URI names
 * one (`pnpm test:mongodb`). Each test gets its own database, dropped after it. No MongoDB server
 * can be installed on this project's own machines, so there the suite is skipped, saying why.
 */
const uri = process.env['FLOWLINE_MONGODB_URI'];

if (uri === undefined || uri === '') {
  describe('Store contract: mongodb', () => {
    it.skip('needs FLOWLINE_MONGODB_URI (a replica set, e.g. mongodb://localhost:27017/?replicaSet=rs0); none is set here', () => {});
  });
} else {
  runStoreContract({
    name: 'mongodb',
    async makeStore() {
      const database = `flowline_test_${randomUUID().replaceAll('-', '')}`;
      // Short gap waits keep the feed tests quick; nothing else differs from production settings.
      const open = () => createMongoStore({ uri, database, gapWaitMs: 200 });
      return {
        store: await open(),
        openPeer: open,
        async tamperHistory(instanceId, seq, data) {
          const client = await MongoClient.connect(uri);
          try {
            await client
              .db(database)
              .collection(HISTORY)
              .updateOne({ instanceId, seq }, { $set: { data: JSON.stringify(data) } });
          } finally {
            await client.close();
          }
        },
        async cleanup() {
          const client = await MongoClient.connect(uri);
          try {
            await client.db(database).dropDatabase();
          } finally {
            await client.close();
          }
        },
      };
    },
  });
}
