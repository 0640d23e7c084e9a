import { randomUUID } from 'node:crypto';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import { isStoreError, type Store, type StoreEffect } from '../store';

/**
 * Fires durable timers: claims due ones with a lease and sends `timer.fired`; the step it causes
 * marks the timer fired in the same write. A timer whose node was already left is ignored by the
 * instance (then it is marked on its own), so late or doubled fires are harmless.
 */
export function createTimerService(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** As the job worker's: commits `effects` with the step; `changed: false` when none was committed. */
  deliver: (
    instanceId: string,
    event: EngineEvent,
    effects: readonly StoreEffect[],
  ) => Promise<{ changed: boolean } | undefined>;
  pollMs?: number;
  batch?: number;
  onFired?: (lagMs: number) => void;
}) {
  const owner = `timers-${randomUUID()}`;
  const pollMs = deps.pollMs ?? 250;
  let stopped = true;
  let handle: NodeJS.Timeout | undefined;
  let current: Promise<number> = Promise.resolve(0);

  /** Fires everything due now; returns how many timers fired. */
  async function fireDue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const now = deps.clock.now();
      const due = await deps.store.claimDueTimers({ owner, now, leaseMs: 10_000, limit: deps.batch ?? 500 });
      if (due.length === 0) return fired;
      await Promise.all(
        due.map(async (timer) => {
          try {
            const outcome = await deps.deliver(
              timer.instanceId,
              { type: 'timer.fired', timerKey: timer.timerId, at: deps.clock.now() },
              [{ type: 'timer.fired', id: timer.id, leaseToken: timer.leaseToken }],
            );
            if (!outcome?.changed) await deps.store.markTimerFired(timer.id, timer.leaseToken);
            deps.onFired?.(deps.clock.now() - timer.fireAt);
            fired += 1;
          } catch (error) {
            deps.logger.error(
              { err: error, timerId: timer.id },
              'timer delivery failed; it fires again when its lease expires',
            );
          }
        }),
      );
    }
  }

  const tick = () => {
    current = fireDue().catch((error: unknown) => {
      // A store that cannot commit is logged once by the store, not on every poll here.
      if (!isStoreError(error, 'UNAVAILABLE')) deps.logger.error({ err: error }, 'firing timers failed');
      return 0;
    });
    void current.finally(() => {
      if (!stopped) handle = setTimeout(tick, pollMs);
    });
  };

  return {
    fireDue,
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (handle) clearTimeout(handle);
      await current;
    },
  };
}

export type TimerService = ReturnType<typeof createTimerService>;
