import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import type { HostGuardOptions } from '../../network/hostGuard';
import { mongoDriver } from '../driver';
import { fromExtendedJson } from '../extendedJson';
import { CollectionSchema, mongoConnection, MongoSettingsSchema } from '../mongoSettings';
import { assertSafeQuery, assertSafeUpdate } from '../queryGuard';
import { withDatabase } from '../withDatabase';

export function defineUpdateDocuments(guard: HostGuardOptions) {
  return defineAction({
    id: 'updateDocuments',
    title: 'Update documents',
    description: 'Updates every document matching a filter with $set, $unset, $inc or $push.',
    credentials: mongoConnection,
    settings: MongoSettingsSchema,
    input: z.object({
      collection: CollectionSchema,
      filter: z
        .record(z.string(), z.unknown())
        .meta({ title: 'Filter', description: 'e.g. {"ticket": "INC001"}' }),
      update: z
        .record(z.string(), z.record(z.string(), z.unknown()))
        .meta({ title: 'Update', description: 'e.g. {"$set": {"status": "closed"}}' }),
    }),
    output: z.object({
      matchedCount: z.int().meta({ title: 'Matched' }),
      modifiedCount: z.int().meta({ title: 'Modified' }),
    }),
    async run(ctx, input) {
      assertSafeQuery(input.filter, 'The filter');
      assertSafeUpdate(input.update);
      const driver = await mongoDriver();
      const filter = fromExtendedJson(driver, input.filter);
      const update = fromExtendedJson(driver, input.update);
      return withDatabase(ctx, guard, async (db) => {
        const updated = await db.collection(input.collection).updateMany(filter, update);
        return { matchedCount: updated.matchedCount, modifiedCount: updated.modifiedCount };
      });
    },
  });
}
