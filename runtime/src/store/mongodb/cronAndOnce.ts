// Placeholder until h/mongo-rest's real part lands (it replaces this file at merge).
import { StoreError } from '../errors';
import type { CronStore, OnceTokenStore } from '../port';
import type { CollectionSpec, MongoContext } from './context';

export const cronCollections: CollectionSpec[] = [];

const notImplemented = <T extends object>(): T =>
  new Proxy({} as T, {
    get: () => async () => {
      throw new StoreError('UNAVAILABLE', 'not implemented');
    },
  });

export function mongoCron(_context: MongoContext): CronStore {
  return notImplemented();
}

export function mongoOnceTokens(_context: MongoContext): OnceTokenStore {
  return notImplemented();
}
