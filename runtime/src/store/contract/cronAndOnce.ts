import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context';
import { T0 } from './fixtures';

export function describeCronAndOnce({ store }: ContractContext): void {
  describe('cron fires and one-time tokens', () => {
    const fire = { workflowId: 'nightly-review', triggerId: 'cron-1', scheduledAt: T0 };

    it('lets only the first claimer fire a cron schedule', async () => {
      const claims = await Promise.all([store().claimCronFire(fire), store().claimCronFire(fire)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store().claimCronFire(fire)).toBe(false);
      expect(await store().claimCronFire({ ...fire, scheduledAt: T0 + 60_000 })).toBe(true);
      expect(await store().claimCronFire({ ...fire, triggerId: 'cron-2' })).toBe(true);
    });

    it('keeps the next due time per trigger for catching up after downtime', async () => {
      expect(await store().getCronCursor('nightly-review', 'cron-1')).toBeNull();
      await store().setCronCursor({ workflowId: 'nightly-review', triggerId: 'cron-1', nextDueAt: T0 });
      await store().setCronCursor({
        workflowId: 'nightly-review',
        triggerId: 'cron-1',
        nextDueAt: T0 + 60_000,
      });
      await store().setCronCursor({ workflowId: 'nightly-review', triggerId: 'cron-2', nextDueAt: T0 });
      expect(await store().getCronCursor('nightly-review', 'cron-1')).toEqual({
        workflowId: 'nightly-review',
        triggerId: 'cron-1',
        nextDueAt: T0 + 60_000,
      });
    });

    it('consumes a one-time token only once, per namespace', async () => {
      const token = { namespace: 'approval-link', key: 'sig-abc', expiresAt: T0 + 3_600_000 };
      expect(await store().consumeOnce(token)).toBe(true);
      expect(await store().consumeOnce(token)).toBe(false);
      expect(await store().consumeOnce({ ...token, namespace: 'webhook' })).toBe(true);
    });

    it('purges only tokens that expired', async () => {
      await store().consumeOnce({ namespace: 'webhook', key: 'old', expiresAt: T0 - 1 });
      await store().consumeOnce({ namespace: 'webhook', key: 'live', expiresAt: T0 + 1 });
      expect(await store().purgeExpiredOnce(T0)).toBe(1);
      expect(await store().consumeOnce({ namespace: 'webhook', key: 'live', expiresAt: T0 + 1 })).toBe(false);
    });

    it('purges expired tokens a batch at a time, oldest first, when given a limit', async () => {
      for (const [key, expiresAt] of [
        ['b', T0 - 2],
        ['a', T0 - 3],
        ['c', T0 - 1],
        ['live', T0 + 1],
      ] as const)
        await store().consumeOnce({ namespace: 'message-sent', key, expiresAt });
      expect(await store().purgeExpiredOnce(T0, 2)).toBe(2);
      // The oldest two went: 'a' and 'b' can be consumed again, 'c' not yet.
      expect(await store().consumeOnce({ namespace: 'message-sent', key: 'a', expiresAt: T0 + 9 })).toBe(
        true,
      );
      expect(await store().consumeOnce({ namespace: 'message-sent', key: 'b', expiresAt: T0 + 9 })).toBe(
        true,
      );
      expect(await store().consumeOnce({ namespace: 'message-sent', key: 'c', expiresAt: T0 + 9 })).toBe(
        false,
      );
      expect(await store().purgeExpiredOnce(T0, 2)).toBe(1);
      expect(await store().purgeExpiredOnce(T0, 2)).toBe(0);
    });
  });
}
