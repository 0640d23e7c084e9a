import { randomUUID } from 'node:crypto';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import { isStoreError, type ClaimedTimer, type Store, type StoreEffect } from '../store';
import { createFiringWindow } from './firingWindow';

/** How many timers one claim takes, and how many deliveries run at once, unless configured. */
export const TIMER_DEFAULTS = { batch: 250, concurrency: 500, leaseMs: 10_000, pollMs: 250 } as const;

/**
 * Fires durable timers: claims due ones with a lease and sends `timer.fired`; the step it causes
 * marks the timer fired in the same write. A timer whose node was already left is ignored by the
 * instance (then it is marked on its own), so late or doubled fires are harmless.
 *
 * Many timers falling due together (a deadline shared by thousands of approvals) are fired as a
 * pipeline, earliest due first: the next claim is taken while the deliveries of the previous one
 * still commit, so the loop never idles on the slowest of a batch, and at most `concurrency` are in
 * flight, so a claim's lease is not outlived by a long queue of its own timers.
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
  /** Reads the instances of a claim in one go before their timers are delivered (the executor's cache). */
  prefetch?: (instanceIds: readonly string[]) => Promise<void>;
  pollMs?: number;
  /** Most timers one claim takes. */
  batch?: number;
  /** Most deliveries in flight at once. */
  concurrency?: number;
  /** How long a claim holds its timers; one not fired by then is claimed again (here or elsewhere). */
  leaseMs?: number;
  onFired?: (lagMs: number) => void;
}) {
  const owner = `timers-${randomUUID()}`;
  const pollMs = deps.pollMs ?? TIMER_DEFAULTS.pollMs;
  const concurrency = Math.max(1, deps.concurrency ?? TIMER_DEFAULTS.concurrency);
  const batch = Math.max(1, Math.min(deps.batch ?? TIMER_DEFAULTS.batch, concurrency));
  const leaseMs = deps.leaseMs ?? TIMER_DEFAULTS.leaseMs;
  let stopped = true;
  let handle: NodeJS.Timeout | undefined;
  let current: Promise<number> = Promise.resolve(0);
  /** The `now` of the last claim: timers due after it were not claimed by it. */
  let claimedUpTo = 0;

  async function fire(timer: ClaimedTimer): Promise<boolean> {
    try {
      const outcome = await deps.deliver(
        timer.instanceId,
        { type: 'timer.fired', timerKey: timer.timerId, at: deps.clock.now() },
        [{ type: 'timer.fired', id: timer.id, leaseToken: timer.leaseToken }],
      );
      if (!outcome?.changed) await deps.store.markTimerFired(timer.id, timer.leaseToken);
      deps.onFired?.(deps.clock.now() - timer.fireAt);
      return true;
    } catch (error) {
      deps.logger.error(
        { err: error, timerId: timer.id },
        'timer delivery failed; it fires again when its lease expires',
      );
      return false;
    }
  }

  /** Fires everything due now; returns how many timers fired. */
  async function fireDue(): Promise<number> {
    let fired = 0;
    const window = createFiringWindow(concurrency);
    try {
      for (;;) {
        const now = deps.clock.now();
        claimedUpTo = now;
        const due = await deps.store.claimDueTimers({
          owner,
          now,
          leaseMs,
          limit: Math.min(batch, window.room()),
        });
        // A failed read costs nothing here: each delivery then reads its own instance.
        if (due.length > 1)
          await deps.prefetch?.(due.map((timer) => timer.instanceId)).catch(() => undefined);
        // Claims come earliest due first; a timer still in flight here (its lease ran out while it
        // waited) is not delivered twice by this process.
        const started = due.filter((timer) =>
          window.add(timer.id, () => fire(timer).then((ok) => void (ok && (fired += 1)))),
        ).length;
        if (started === 0) {
          // Nothing more is due now: finish what is in flight, then look once more.
          if (window.size() === 0) return fired;
          await window.drained();
          continue;
        }
        // Claim again once a batch's worth of room is free, while the rest still commits.
        await window.roomFor(batch);
      }
    } finally {
      await window.drained();
    }
  }

  /** Until the next poll: at most `pollMs`, less when a timer falls due sooner, so it fires on time. */
  async function untilNext(): Promise<number> {
    // From the last claim's time, not now: a timer that fell due while that claim was answered
    // was not claimed, and must not wait a whole poll.
    const next = await deps.store.nextTimerDue(claimedUpTo).catch(() => null);
    return next === null ? pollMs : Math.min(pollMs, Math.max(0, next - deps.clock.now()));
  }

  const tick = () => {
    current = fireDue().catch((error: unknown) => {
      // A store that cannot commit is logged once by the store, not on every poll here.
      if (!isStoreError(error, 'UNAVAILABLE')) deps.logger.error({ err: error }, 'firing timers failed');
      return 0;
    });
    void current
      .then(() => (stopped ? pollMs : untilNext()))
      .then((wait) => {
        if (!stopped) handle = setTimeout(tick, wait);
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
