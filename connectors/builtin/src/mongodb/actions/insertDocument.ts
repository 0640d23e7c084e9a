import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import type { HostGuardOptions } from '../../network/hostGuard';
import { mongoDriver } from '../driver';
import { fromExtendedJson, toExtendedJson } from '../extendedJson';
import { CollectionSchema, mongoConnection, MongoSettingsSchema } from '../mongoSettings';
import { assertSafeDocument } from '../queryGuard';
import { withDatabase } from '../withDatabase';

export function defineInsertDocument(guard: HostGuardOptions) {
  return defineAction({
    id: 'insertDocument',
    title: 'Insert document',
    description: 'Inserts one document (Extended JSON allowed, e.g. {"$date": …}) and returns its _id.',
    credentials: mongoConnection,
    settings: MongoSettingsSchema,
    input: z.object({
      collection: CollectionSchema,
      document: z.record(z.string(), z.unknown()).meta({ title: 'Document' }),
    }),
    output: z.object({ insertedId: z.unknown().meta({ title: 'Inserted _id' }) }),
    async run(ctx, input) {
      assertSafeDocument(input.document);
      const driver = await mongoDriver();
      const document = fromExtendedJson(driver, input.document);
      return withDatabase(ctx, guard, async (db) => {
        const inserted = await db.collection(input.collection).insertOne(document);
        return { insertedId: toExtendedJson(driver, inserted.insertedId) };
      });
    },
  });
}
