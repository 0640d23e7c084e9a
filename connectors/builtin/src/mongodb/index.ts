import { defineConnector } from '@flowline/connector-sdk';
import type { HostGuardOptions } from '../network/hostGuard';
import { defineFindDocuments } from './actions/findDocuments';
import { defineInsertDocument } from './actions/insertDocument';
import { defineUpdateDocuments } from './actions/updateDocuments';
import { mongoConnection, MongoSettingsSchema } from './mongoSettings';
import { withDatabase } from './withDatabase';

/**
 * Builds the MongoDB connector for one network policy: the driver opens its own sockets, which the
 * SDK's HTTP client cannot guard, so the runtime passes the operator's policy here (as for e-mail).
 */
export function createMongodbConnector(guard: HostGuardOptions = {}) {
  return defineConnector({
    id: 'mongodb',
    title: 'MongoDB',
    version: '1.0.0',
    description: 'Insert, find and update documents in your own MongoDB database. No server-side JavaScript.',
    credentials: mongoConnection,
    settings: MongoSettingsSchema,
    check: (ctx) => withDatabase(ctx, guard, async (db) => void (await db.command({ ping: 1 }))),
    actions: [defineInsertDocument(guard), defineFindDocuments(guard), defineUpdateDocuments(guard)],
  });
}

export const mongodb = createMongodbConnector();
