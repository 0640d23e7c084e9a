// Placeholder until h/mongo-rest's real part lands (it replaces this file at merge).
import { StoreError } from '../errors';
import type { Store } from '../port';
import type { MongoContext } from './context';

export function mongoHealth(_context: MongoContext): Pick<Store, 'checkWritable'> {
  return {
    async checkWritable() {
      throw new StoreError('UNAVAILABLE', 'not implemented');
    },
  };
}
