import type { Collection, Document } from 'mongodb';
import type { MongoContext } from './context';

/**
 * A collection handle carrying the adapter's write and read concerns, so every part writes with
 * `majority` (or what the operator configured) whatever the client's own defaults are.
 */
export function consistentCollection<T extends Document>(context: MongoContext, name: string): Collection<T> {
  const { writeConcern, readConcern } = context.consistency;
  return context.db.collection<T>(name, { writeConcern, readConcern: { level: readConcern } });
}
