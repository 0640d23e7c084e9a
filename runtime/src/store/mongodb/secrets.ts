// Placeholder until h/mongo-rest's real part lands (it replaces this file at merge).
import { StoreError } from '../errors';
import type { SecretStore } from '../port';
import type { CollectionSpec, MongoContext } from './context';

export const secretCollections: CollectionSpec[] = [];

const notImplemented = <T extends object>(): T =>
  new Proxy({} as T, {
    get: () => async () => {
      throw new StoreError('UNAVAILABLE', 'not implemented');
    },
  });

export function mongoSecrets(_context: MongoContext): SecretStore {
  return notImplemented();
}
