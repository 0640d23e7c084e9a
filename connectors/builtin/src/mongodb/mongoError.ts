import { isConnectorError, permanent, retryable, type ConnectorError } from '@flowline/connector-sdk';
import type { MongoDriver } from './driver';

const authCodes = new Set([13, 18]); // Unauthorized, AuthenticationFailed

/**
 * Maps a driver failure to a ConnectorError: the network and the server's own transient labels
 * retry; a bad connection string, failed login, duplicate key or refused command do not.
 */
export function toMongoError(thrown: unknown, driver: MongoDriver): ConnectorError {
  const {
    MongoNetworkError,
    MongoNetworkTimeoutError,
    MongoOperationTimeoutError,
    MongoParseError,
    MongoServerError,
    MongoServerSelectionError,
  } = driver;
  if (isConnectorError(thrown)) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const options = { cause: thrown };
  if (thrown instanceof MongoParseError) {
    return permanent('INVALID_CONNECTION_STRING', 'The MongoDB connection string is not valid', options);
  }
  if (thrown instanceof MongoNetworkTimeoutError || thrown instanceof MongoOperationTimeoutError) {
    return retryable('TIMEOUT', `MongoDB did not answer in time: ${message}`, options);
  }
  if (thrown instanceof MongoServerSelectionError || thrown instanceof MongoNetworkError) {
    return retryable('NETWORK_ERROR', `MongoDB is unreachable: ${message}`, options);
  }
  if (thrown instanceof MongoServerError) {
    const details = { code: thrown.code, codeName: thrown.codeName };
    if (thrown.code === 11000)
      return permanent('DUPLICATE_KEY', 'A document with the same unique key exists', {
        ...options,
        details,
      });
    if (typeof thrown.code === 'number' && authCodes.has(thrown.code)) {
      return permanent('AUTH_FAILED', `MongoDB refused the login or the operation: ${message}`, {
        ...options,
        details,
      });
    }
    if (thrown.hasErrorLabel('RetryableWriteError') || thrown.hasErrorLabel('TransientTransactionError')) {
      return retryable('MONGODB_TRANSIENT', message, { ...options, details });
    }
    return permanent('MONGODB_ERROR', message, { ...options, details });
  }
  return retryable('UNEXPECTED', `MongoDB failed unexpectedly: ${message}`, options);
}
