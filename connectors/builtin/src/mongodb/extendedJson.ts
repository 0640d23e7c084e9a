import type { BSON } from 'mongodb';
import type { MongoDriver } from './driver';

/** Relaxed Extended JSON in (`{"$oid": …}`, `{"$date": …}`) → BSON values for the driver. */
export const fromExtendedJson = (driver: MongoDriver, value: Record<string, unknown>): BSON.Document =>
  driver.BSON.EJSON.deserialize(value, { relaxed: true }) as BSON.Document;

/** BSON values → relaxed Extended JSON: plain JSON a workflow can store and read. */
export const toExtendedJson = (driver: MongoDriver, value: unknown): unknown =>
  driver.BSON.EJSON.serialize(value, { relaxed: true });
