import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';
import type { HostGuardOptions } from '../../network/hostGuard';
import { mongoDriver } from '../driver';
import { fromExtendedJson, toExtendedJson } from '../extendedJson';
import { CollectionSchema, mongoConnection, MongoSettingsSchema } from '../mongoSettings';
import { assertSafeQuery } from '../queryGuard';
import { withDatabase } from '../withDatabase';

export function defineFindDocuments(guard: HostGuardOptions) {
  return defineAction({
    id: 'findDocuments',
    title: 'Find documents',
    description: 'Finds documents matching a filter (at most 1000), optionally projected to some fields.',
    credentials: mongoConnection,
    settings: MongoSettingsSchema,
    input: z.object({
      collection: CollectionSchema,
      filter: z
        .record(z.string(), z.unknown())
        .default({})
        .meta({ title: 'Filter', description: 'e.g. {"status": "open"}' }),
      projection: z
        .record(z.string(), z.union([z.literal(0), z.literal(1)]))
        .optional()
        .meta({ title: 'Projection', description: 'e.g. {"name": 1, "_id": 0}' }),
      limit: z.int().min(1).max(1000).default(100).meta({ title: 'Limit' }),
    }),
    output: z.object({ documents: z.array(z.unknown()).meta({ title: 'Documents' }) }),
    async run(ctx, input) {
      assertSafeQuery(input.filter, 'The filter');
      assertSafeQuery(input.projection ?? {}, 'The projection');
      const driver = await mongoDriver();
      const filter = fromExtendedJson(driver, input.filter);
      return withDatabase(ctx, guard, async (db) => {
        const found = await db
          .collection(input.collection)
          .find(filter, { limit: input.limit, ...(input.projection ? { projection: input.projection } : {}) })
          .toArray();
        return { documents: found.map((found) => toExtendedJson(driver, found)) };
      });
    },
  });
}
