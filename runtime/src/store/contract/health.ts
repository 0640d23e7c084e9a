import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context';
import { T0 } from './fixtures';

/** Readiness asks the store whether a write can commit; a healthy store says yes, again and again. */
export function describeHealth({ store }: ContractContext): void {
  describe('write health', () => {
    it('answers that a healthy store can commit, before and after writes', async () => {
      await expect(store().checkWritable(T0)).resolves.toBeUndefined();
      await store().consumeOnce({ namespace: 'n', key: 'k', expiresAt: T0 });
      await expect(store().checkWritable(T0 + 1)).resolves.toBeUndefined();
      await expect(store().checkWritable(T0 + 60_000)).resolves.toBeUndefined();
    });
  });
}
