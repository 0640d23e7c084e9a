import * as driver from 'mongodb';
import { MongoNetworkError, MongoParseError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { toMongoError } from './mongoError';

describe('toMongoError', () => {
  it('retries network failures', () => {
    expect(toMongoError(new MongoNetworkError('connection reset'), driver)).toMatchObject({
      code: 'NETWORK_ERROR',
      retryable: true,
    });
  });

  it('fails a bad connection string, a duplicate key and a failed login permanently', () => {
    expect(toMongoError(new MongoParseError('bad'), driver)).toMatchObject({
      code: 'INVALID_CONNECTION_STRING',
      retryable: false,
    });
    expect(
      toMongoError(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }), driver),
    ).toMatchObject({
      code: 'DUPLICATE_KEY',
      retryable: false,
    });
    expect(
      toMongoError(new MongoServerError({ code: 18, errmsg: 'Authentication failed.' }), driver),
    ).toMatchObject({
      code: 'AUTH_FAILED',
      retryable: false,
    });
  });

  it('retries what the server labels transient', () => {
    const error = new MongoServerError({
      code: 91,
      errmsg: 'shutting down',
      errorLabels: ['RetryableWriteError'],
    });
    expect(toMongoError(error, driver)).toMatchObject({ code: 'MONGODB_TRANSIENT', retryable: true });
  });
});
