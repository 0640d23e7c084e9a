import { describe, expect, it } from 'vitest';
import { isStoreError, type CommitResult, type Store } from '../store';
import { aStep } from '../store/contract/fixtures';
import { createCommitQueue } from './commitQueue';

const answering = (result: CommitResult) =>
  createCommitQueue({ commitSteps: async () => [result] } as unknown as Store);

describe('the commit queue', () => {
  it('answers a committed step, a conflict and a missing instance as the store did', async () => {
    await expect(answering({ ok: true, rev: 2 }).commit(aStep())).resolves.toEqual({ ok: true, rev: 2 });
    await expect(answering({ ok: false, reason: 'conflict' }).commit(aStep())).resolves.toEqual({
      ok: false,
      reason: 'conflict',
    });
    await expect(answering({ ok: false, reason: 'not_found' }).commit(aStep())).resolves.toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('throws a step whose message take lost its reservation, which no retry of it could win', async () => {
    const refused = answering({ ok: false, reason: 'reservation_lost' }).commit(aStep());
    await expect(refused).rejects.toSatisfy((error) => isStoreError(error, 'RESERVATION_LOST'));
  });
});
