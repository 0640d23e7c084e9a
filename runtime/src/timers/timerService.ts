import { randomUUID } from 'node:crypto';
import type { EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import { isStoreError, type ClaimedTimer, type Store, type StoreEffect } from '../store';
import { createFiringWindow } from './firingWindow';

/** How many timers one claim takes, and how many deliveries run at once, unless configured. */
export const TIMER_DEFAULTS = {
  batch: 250,
  concurrency: 500,
  leaseMs: 10_000,
  pollMs: 250,
  lookaheadMs: 5_000,
  maxPrepared: 10_000,
} as const;

/**
 * How steps are prepared before their timers fall due (the executor's prepare/commitPrepared),
 * so that a burst of timers due together costs only its writes once due. `P` is opaque here.
 */
export interface TimerPreparation<P> {
  /** The step `event` will cause at `at` (the timer's due time); undefined: nothing to prepare. */
  prepare(
    instanceId: string,
    event: EngineEvent,
    at: number,
    effects: readonly StoreEffect[],
  ): Promise<P | undefined>;
  /** Writes it; undefined when the instance moved on meanwhile (then it is delivered as usual). */
  commit(prepared: P): Promise<{ changed: boolean } | undefined>;
  /** It will not be committed. */
  abandon(prepared: P): void;
}

/** A timer claimed ahead of its due time, with its step when one could be prepared. */
interface Held<P> {
  readonly timer: ClaimedTimer;
  readonly prepared: P | undefined;
}

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
export function createTimerService<P = never>(deps: {
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
  /** Steps prepared ahead of their timers; absent: every timer is delivered when due. */
  ahead?: TimerPreparation<P>;
  /** How long before its due time a timer's step is prepared. */
  lookaheadMs?: number;
  /** Most timers held with prepared steps at once (memory). */
  maxPrepared?: number;
}) {
  const owner = `timers-${randomUUID()}`;
  const pollMs = deps.pollMs ?? TIMER_DEFAULTS.pollMs;
  const concurrency = Math.max(1, deps.concurrency ?? TIMER_DEFAULTS.concurrency);
  const batch = Math.max(1, Math.min(deps.batch ?? TIMER_DEFAULTS.batch, concurrency));
  const leaseMs = deps.leaseMs ?? TIMER_DEFAULTS.leaseMs;
  const lookaheadMs = deps.ahead ? Math.max(0, deps.lookaheadMs ?? TIMER_DEFAULTS.lookaheadMs) : 0;
  const maxPrepared = Math.max(1, deps.maxPrepared ?? TIMER_DEFAULTS.maxPrepared);
  /** Timers claimed ahead, earliest due first, until they fall due. */
  let held: Held<P>[] = [];
  /** The `dueBy` up to which the last claim ahead took every claimable timer. */
  let heldUpTo = 0;
  let stopped = true;
  /** Set by `stop`: preparing ends at the next claim (`stopped` is also true before any `start`). */
  let halted = false;
  let handle: NodeJS.Timeout | undefined;
  let current: Promise<number> = Promise.resolve(0);
  /** The `now` of the last claim: timers due after it were not claimed by it. */
  let claimedUpTo = 0;

  /**
   * Runs one timer's delivery: true once its step (or its marking as fired) is durable. A failure
   * is logged, and the timer fires again when its lease expires.
   */
  async function delivered(timer: ClaimedTimer, delivery: () => Promise<void>): Promise<boolean> {
    try {
      await delivery();
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

  /** Delivers `timer.fired` now, at the time it is delivered. */
  async function deliverNow(timer: ClaimedTimer): Promise<void> {
    const outcome = await deps.deliver(
      timer.instanceId,
      firedEvent(timer, deps.clock.now()),
      firedEffects(timer),
    );
    if (!outcome?.changed) await deps.store.markTimerFired(timer.id, timer.leaseToken);
  }

  const fire = (timer: ClaimedTimer): Promise<boolean> => delivered(timer, () => deliverNow(timer));

  /** Commits a timer's prepared step; when it cannot be (the instance moved on), delivers it as usual. */
  function firePrepared({ timer, prepared }: Held<P>): Promise<boolean> {
    const ahead = deps.ahead;
    if (prepared === undefined || !ahead) return fire(timer);
    // Its step carries the due time: written much later (a stalled process), it would misdate
    // the history, so it is computed afresh at the time it is written instead.
    if (deps.clock.now() - timer.fireAt > lookaheadMs) {
      ahead.abandon(prepared);
      return fire(timer);
    }
    return delivered(timer, async () => {
      if (!(await ahead.commit(prepared))) await deliverNow(timer);
    });
  }

  /** The held timers due by `now`, at most `limit`, taken off the list (earliest due first). */
  function takeHeld(now: number, limit: number): Held<P>[] {
    let count = 0;
    while (count < held.length && count < limit && held[count]!.timer.fireAt <= now) count += 1;
    if (count === 0) return [];
    const taken = held.slice(0, count);
    held = held.slice(count);
    return taken;
  }

  /** Fires everything due now; returns how many timers fired. */
  async function fireDue(): Promise<number> {
    let fired = 0;
    const window = createFiringWindow(concurrency);
    try {
      for (;;) {
        const now = deps.clock.now();
        // Timers held with prepared steps go first: they were claimed first, and cost least.
        const ready = takeHeld(now, window.room());
        const startedHeld = ready.filter((entry) =>
          window.add(entry.timer.id, () => firePrepared(entry).then((ok) => void (ok && (fired += 1)))),
        ).length;
        if (window.room() === 0) {
          await window.roomFor(batch);
          continue;
        }
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
        if (started + startedHeld === 0) {
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

  /**
   * Claims the timers falling due within the lookahead and prepares their steps, a claim at a
   * time, until none is left to claim, `maxPrepared` are held, or a held one falls due (it is then
   * fired first). Their lease runs from the end of the lookahead, so nobody else fires them.
   */
  async function prepareAhead(): Promise<void> {
    const ahead = deps.ahead;
    if (!ahead || lookaheadMs === 0) return;
    while (!halted && held.length < maxPrepared) {
      const now = deps.clock.now();
      if (held.length > 0 && held[0]!.timer.fireAt <= now) return;
      const dueBy = now + lookaheadMs;
      // A read first: most polls find nothing new to prepare, and a claim is a write.
      const next = await deps.store.nextTimerDue(Math.max(now, heldUpTo));
      if (next === null || next > dueBy) return;
      const limit = Math.min(batch, maxPrepared - held.length);
      const claimed = await deps.store.claimDueTimers({ owner, now, dueBy, leaseMs, limit });
      if (claimed.length < limit) heldUpTo = dueBy;
      if (claimed.length === 0) return;
      if (claimed.length > 1)
        await deps.prefetch?.(claimed.map((timer) => timer.instanceId)).catch(() => undefined);
      const entries = await Promise.all(
        claimed.map(async (timer): Promise<Held<P>> => {
          // One due already (claimed meanwhile) is delivered as usual, at its firing's time.
          if (timer.fireAt <= deps.clock.now()) return { timer, prepared: undefined };
          const prepared = await ahead
            .prepare(timer.instanceId, firedEvent(timer, timer.fireAt), timer.fireAt, firedEffects(timer))
            .catch((error: unknown) => {
              deps.logger.warn(
                { err: error, timerId: timer.id },
                'preparing a timer failed; it is delivered when due',
              );
              return undefined;
            });
          return { timer, prepared };
        }),
      );
      held = [...held, ...entries].sort(
        (a, b) => a.timer.fireAt - b.timer.fireAt || (a.timer.id < b.timer.id ? -1 : 1),
      );
    }
  }

  /** Until the next poll: at most `pollMs`, less when a timer falls due sooner, so it fires on time. */
  async function untilNext(): Promise<number> {
    // From the last claim's time, not now: a timer that fell due while that claim was answered
    // was not claimed, and must not wait a whole poll.
    const next = await deps.store.nextTimerDue(claimedUpTo).catch(() => null);
    const now = deps.clock.now();
    let wake = now + pollMs;
    if (held.length > 0) wake = Math.min(wake, held[0]!.timer.fireAt);
    if (next !== null) {
      // Within what was claimed ahead it is held (or new, and claimed as due when it is);
      // beyond it, it is worth waking early to prepare it, when there is room to hold it.
      const prepareIt = lookaheadMs > 0 && next > heldUpTo && held.length < maxPrepared;
      wake = Math.min(wake, prepareIt ? next - lookaheadMs : next);
    }
    return Math.min(pollMs, Math.max(0, wake - now));
  }

  /** Gives up the held timers, and their leases, so another service fires them on time. */
  async function release(): Promise<void> {
    if (held.length === 0) return;
    for (const entry of held) if (entry.prepared !== undefined) deps.ahead?.abandon(entry.prepared);
    const dueBy = Math.max(deps.clock.now(), held[held.length - 1]!.timer.fireAt);
    held = [];
    heldUpTo = 0;
    // Unreleased, they would wait for their leases (up to the lookahead and a lease) to run out.
    await deps.store.releaseTimers(owner, dueBy).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'releasing held timers failed; they fire once their leases run out');
    });
  }

  const tick = () => {
    current = fireDue()
      .then(async (fired) => {
        await prepareAhead();
        return fired;
      })
      .catch((error: unknown) => {
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
    prepareAhead,
    start() {
      if (!stopped) return;
      stopped = false;
      halted = false;
      tick();
    },
    async stop() {
      stopped = true;
      halted = true;
      if (handle) clearTimeout(handle);
      await current;
      await release();
    },
    /** How many timers are held with their steps prepared (tests, metrics). */
    held: () => held.length,
  };
}

const firedEvent = (timer: ClaimedTimer, at: number): EngineEvent => ({
  type: 'timer.fired',
  timerKey: timer.timerId,
  at,
});

/** The step that takes a timer also marks it fired, under the claim's lease. */
const firedEffects = (timer: ClaimedTimer): StoreEffect[] => [
  { type: 'timer.fired', id: timer.id, leaseToken: timer.leaseToken },
];

export type TimerService = ReturnType<typeof createTimerService>;
