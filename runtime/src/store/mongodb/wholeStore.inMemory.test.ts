import { runStoreContract } from '../contract';
import { HISTORY } from './history';
import type { MongoClient } from 'mongodb';
import { DEFAULT_CONSISTENCY, type MongoContext } from './context';
import { inMemoryDb } from './inMemoryDb';
import { allCollections, composeMongoStore } from './mongoStore';

/**
 * The whole contract suite over the whole adapter as createMongoStore composes it, with the driver
 * replaced by the query-language stand-in (inMemoryMongo.ts, mingo): every filter, update and
 * pipeline the adapter sends is evaluated, across parts (a step's effects read back through the
 * jobs, timers and tasks parts; statistics over instances the core part wrote). Not MongoDB: no
 * concurrency between processes, no write concern, no index use; mongoStore.contract.test.ts runs
 * the same suite against a real server wherever FLOWLINE_MONGODB_URI is set.
 */
runStoreContract({
  name: 'mongodb (whole adapter, in-memory stand-in)',
  async makeStore() {
    const db = inMemoryDb(allCollections);
    const context: MongoContext = {
      client: { startSession: () => ({ endSession: async () => {} }) } as unknown as MongoClient,
      db,
      consistency: DEFAULT_CONSISTENCY,
    };
    const open = async () =>
      composeMongoStore(context, { gapWaitMs: 50, migrate: async () => {}, close: async () => {} });
    return {
      store: await open(),
      openPeer: open,
      async tamperHistory(instanceId, seq, data) {
        await context.db
          .collection(HISTORY)
          .updateOne({ instanceId, seq }, { $set: { data: JSON.stringify(data) } });
      },
      async cleanup() {},
    };
  },
});
