import { randomUUID } from 'node:crypto';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import type { Store } from '../store';

/**
 * Fires durable timers: claims due ones with a lease, sends `timer.fired`, then marks them fired.
 * A timer whose node was already left is ignored by the instance, so late or doubled fires are
 * harmless.
 */
export function createTimerService(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  deliver: (instanceId: string, event: EngineEvent) => Promise<unknown>;
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
            await deps.deliver(timer.instanceId, {
              type: 'timer.fired',
              timerKey: timer.timerId,
              at: deps.clock.now(),
            });
            await deps.store.markTimerFired(timer.id, timer.leaseToken);
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
      deps.logger.error({ err: error }, 'firing timers failed');
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
