// Placeholder until h/mongo-rest's real part lands (it replaces this file at merge).
import { StoreError } from '../errors';
import type { TaskStore } from '../port';
import type { KeyedChange } from './changes';
import type { CollectionSpec, MongoContext } from './context';

export const taskCollections: CollectionSpec[] = [];

const notImplemented = <T extends object>(): T =>
  new Proxy({} as T, {
    get: () => async () => {
      throw new StoreError('UNAVAILABLE', 'not implemented');
    },
  });

export function mongoTasks(
  _context: MongoContext,
  _changes: { recordTaskChanges(changes: readonly KeyedChange[]): Promise<void> },
): TaskStore {
  return notImplemented();
}
