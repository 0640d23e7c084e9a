// Placeholder until h/mongo-rest's real part lands (it replaces this file at merge).
import { StoreError } from '../errors';
import type { StatisticsStore } from '../port';
import type { CollectionSpec, MongoContext } from './context';

export const statisticsCollections: CollectionSpec[] = [];

const notImplemented = <T extends object>(): T =>
  new Proxy({} as T, {
    get: () => async () => {
      throw new StoreError('UNAVAILABLE', 'not implemented');
    },
  });

export function mongoStatistics(_context: MongoContext): StatisticsStore {
  return notImplemented();
}
