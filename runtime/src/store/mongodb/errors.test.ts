import { MongoErrorLabel, MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import { isDuplicateKey, isTransient, surelyNotApplied, toStoreError, withRetry } from './errors';

const serverError = (code: number, labels: string[] = []) =>
  new MongoServerError({ ok: 0, code, errmsg: `error ${code}`, errorLabels: labels });

describe('driver errors as the port sees them', () => {
  it('maps a duplicate key (E11000) to CONFLICT, also inside a bulk write', () => {
    const duplicate = serverError(11000);
    expect(isDuplicateKey(duplicate)).toBe(true);
    expect(toStoreError(duplicate, 'Creating x')).toSatisfy((error) => isStoreError(error, 'CONFLICT'));
    // An unordered insert's refusals come as writeErrors: duplicates only when every one is.
    const bulk = Object.assign(serverError(65), {
      writeErrors: [
        { code: 11000, index: 0 },
        { code: 11000, index: 2 },
      ],
    });
    expect(isDuplicateKey(bulk)).toBe(true);
    const mixed = Object.assign(serverError(65), {
      writeErrors: [
        { code: 11000, index: 0 },
        { code: 121, index: 1 },
      ],
    });
    expect(isDuplicateKey(mixed)).toBe(false);
  });

  it('maps a network error, an election and a labelled retryable error to UNAVAILABLE', () => {
    for (const error of [
      new MongoNetworkError('connection reset'),
      serverError(10107), // NotWritablePrimary
      serverError(189), // PrimarySteppedDown
      serverError(2, [MongoErrorLabel.RetryableWriteError]),
    ]) {
      expect(isTransient(error)).toBe(true);
      const mapped = toStoreError(error, 'Committing');
      expect(mapped).toSatisfy((e) => isStoreError(e, 'UNAVAILABLE'));
      expect(mapped).toMatchObject({ reason: 'busy', cause: error });
    }
  });

  it('leaves a validation failure and errors of our own as they are', () => {
    const invalid = serverError(121); // DocumentValidationFailure
    expect(isTransient(invalid)).toBe(false);
    expect(toStoreError(invalid, 'x')).toBe(invalid);
    const bug = new TypeError('bug');
    expect(toStoreError(bug, 'x')).toBe(bug);
  });

  it('knows a write surely not applied only when the server refused it or no attempt reached one', () => {
    expect(surelyNotApplied(serverError(11000))).toBe(true);
    expect(surelyNotApplied(serverError(2, [MongoErrorLabel.NoWritesPerformed]))).toBe(true);
    expect(surelyNotApplied(new MongoNetworkError('lost answer'))).toBe(false);
  });

  it('retries an idempotent write after a transient failure, and never after a refusal', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw new MongoNetworkError('reset');
      return 'done';
    };
    await expect(withRetry('x', flaky, { backoffMs: 1 })).resolves.toBe('done');
    expect(calls).toBe(3);

    let refused = 0;
    const refusing = async () => {
      refused += 1;
      throw serverError(11000);
    };
    await expect(withRetry('x', refusing, { backoffMs: 1 })).rejects.toSatisfy((e) =>
      isStoreError(e, 'CONFLICT'),
    );
    expect(refused).toBe(1);

    let down = 0;
    const unreachable = async () => {
      down += 1;
      throw new MongoNetworkError('down');
    };
    await expect(withRetry('x', unreachable, { attempts: 2, backoffMs: 1 })).rejects.toSatisfy((e) =>
      isStoreError(e, 'UNAVAILABLE'),
    );
    expect(down).toBe(2);
  });
});
