import type * as Driver from 'mongodb';

/** The MongoDB driver module, as this connector uses it. */
export type MongoDriver = typeof Driver;

let loading: Promise<MongoDriver> | undefined;

/**
 * Loads the driver on the first MongoDB action. Importing it costs every runtime process about
 * 20 MB (its BSON buffers alone are 17.5 MB of ArrayBuffers), most of which never talk to MongoDB.
 */
export function mongoDriver(): Promise<MongoDriver> {
  loading ??= import('mongodb');
  return loading;
}
