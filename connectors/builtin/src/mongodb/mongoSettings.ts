import { credential, type CredentialKind } from '@flowline/connector-sdk';
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

const MongoConnectionSchema = z.object({
  connectionString: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'Starts with mongodb:// or mongodb+srv://')
    .meta({ title: 'Connection string', writeOnly: true }),
});

/** The password inside a connection string, as written and decoded: a driver error may name either. */
function passwordOf(connectionString: string): string[] {
  const userinfo = /^mongodb(?:\+srv)?:\/\/([^@/]*)@/.exec(connectionString)?.[1];
  const raw = userinfo?.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
  if (raw === '') return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not valid percent-encoding: the driver refuses it too; the raw form is still masked.
  }
  return [raw, decoded];
}

/** The connection string usually embeds a password, so the whole string is the secret. */
export const mongoConnection: CredentialKind<'custom', typeof MongoConnectionSchema> = Object.freeze({
  ...credential.custom(MongoConnectionSchema, {
    describe: 'A MongoDB connection string (mongodb:// or mongodb+srv://) for your own database',
  }),
  secretsOf: (values: z.output<typeof MongoConnectionSchema>) => [
    values.connectionString,
    ...passwordOf(values.connectionString),
  ],
});

export const CollectionSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^(?!system\.)[^$\0]+$/, 'A collection name without $, and not a system. collection')
  .meta({ title: 'Collection' });
