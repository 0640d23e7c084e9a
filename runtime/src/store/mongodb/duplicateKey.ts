import { MongoServerError } from 'mongodb';
import { StoreError } from '../errors';

// A local stand-in until h/mongo-core's errors.ts (the whole driver error → StoreError mapping)
// lands: the parts here only need to recognise a unique-index violation.

/** E11000: a write broke a unique index (also reported inside a bulk write's errors). */
export const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === 11000;

/** Runs a write; a unique-index violation becomes the port's CONFLICT, naming what was taken. */
export async function conflictOnDuplicate<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    throw new StoreError('CONFLICT', `${what} is already taken.`, { cause: error });
  }
}
