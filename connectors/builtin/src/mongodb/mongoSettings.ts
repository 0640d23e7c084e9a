import { credential } from '@flowline/connector-sdk';
import { z } from 'zod';

export const MongoSettingsSchema = z.object({
  database: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[^/\\. "$*<>:|?]+$/, 'A MongoDB database name (no spaces or /\\. "$*<>:|?)')
    .meta({ title: 'Database' }),
});
export type MongoSettings = z.output<typeof MongoSettingsSchema>;

/** The connection string usually embeds a password, so the whole string is the secret. */
export const mongoConnection = credential.custom(
  z.object({
    connectionString: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'Starts with mongodb:// or mongodb+srv://')
      .meta({ title: 'Connection string', writeOnly: true }),
  }),
  { describe: 'A MongoDB connection string (mongodb:// or mongodb+srv://) for your own database' },
);

export const CollectionSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^(?!system\.)[^$\0]+$/, 'A collection name without $, and not a system. collection')
  .meta({ title: 'Collection' });
