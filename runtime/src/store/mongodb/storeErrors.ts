import { MongoError } from 'mongodb';
import { StoreError } from '../errors';
import { isDuplicateKey } from './duplicateKey';
import { unavailableReason } from './health';

/** The server refused the document itself (validator): our bug, not the database's state. */
const DOCUMENT_VALIDATION_FAILURE = 121;

/**
 * A driver error as the port's error: a duplicate key is CONFLICT; a failure of the database
 * (no primary, network, disk full, write concern not met in time) is UNAVAILABLE with why, which
 * the HTTP edge answers with 503. Other errors pass through unchanged. (h/mongo-core's errors.ts
 * maps the same way for its parts; at merge the two can become one.)
 */
export function toPortError(error: unknown, where: string): unknown {
  if (error instanceof StoreError || !(error instanceof MongoError)) return error;
  if (isDuplicateKey(error))
    return new StoreError('CONFLICT', `${where}: it already exists.`, { cause: error });
  if (error.code === DOCUMENT_VALIDATION_FAILURE) return error;
  const reason = unavailableReason(error);
  return new StoreError('UNAVAILABLE', `${where}: ${error.message}`, { reason, cause: error });
}

/** A part whose every method reports driver errors as the port's errors, naming part and method. */
export function withStoreErrors<T extends object>(part: string, methods: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    wrapped[name] =
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (method as (...args: unknown[]) => Promise<unknown>)(...args);
            } catch (error) {
              throw toPortError(error, `MongoDB ${part}.${name}`);
            }
          }
        : method;
  }
  return wrapped as T;
}
