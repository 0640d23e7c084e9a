import { runAction } from '@flowline/connector-sdk/testing';
import { describe, expect, it } from 'vitest';
import { createMongodbConnector } from './index';

// Runs only against a real server: MONGODB_URI=mongodb://127.0.0.1:27017 pnpm exec vitest run --project connectors
const uri = process.env['MONGODB_URI'];
const connector = createMongodbConnector({ network: { allowLoopback: true, allowPrivate: true } });

describe.skipIf(!uri)(
  'mongodb against a real server (set MONGODB_URI to run; skipped: no MongoDB server here)',
  () => {
    const options = {
      credentials: { connectionString: uri ?? '' },
      settings: { database: 'flowline_connector_test' },
    };
    const collection = `tickets_${Date.now()}`;

    it('inserts, finds with a projection and updates with $set/$inc', async () => {
      const inserted = await runAction(connector, 'insertDocument', {
        input: { collection, document: { number: 'INC001', status: 'open', touches: 0 } },
        ...options,
      });
      expect(inserted.ok).toBe(true);
      const updated = await runAction(connector, 'updateDocuments', {
        input: {
          collection,
          filter: { number: 'INC001' },
          update: { $set: { status: 'closed' }, $inc: { touches: 1 } },
        },
        ...options,
      });
      expect(updated).toEqual({ ok: true, output: { matchedCount: 1, modifiedCount: 1 } });
      const found = await runAction(connector, 'findDocuments', {
        input: { collection, filter: { number: 'INC001' }, projection: { _id: 0, status: 1, touches: 1 } },
        ...options,
      });
      expect(found).toEqual({ ok: true, output: { documents: [{ status: 'closed', touches: 1 }] } });
    });
  },
);
