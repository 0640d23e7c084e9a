import { BSON } from 'mongodb';

/** Relaxed Extended JSON in (`{"$oid": …}`, `{"$date": …}`) → BSON values for the driver. */
export const fromExtendedJson = (value: Record<string, unknown>): BSON.Document =>
  BSON.EJSON.deserialize(value, { relaxed: true }) as BSON.Document;

/** BSON values → relaxed Extended JSON: plain JSON a workflow can store and read. */
export const toExtendedJson = (value: unknown): unknown => BSON.EJSON.serialize(value, { relaxed: true });
