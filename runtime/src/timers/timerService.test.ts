import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from '../clock';
import { silentLogger } from '../observability/logger';
import { createSqliteStore, type Store } from '../store';
import { createTimerService } from './timerService';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('timer service', () => {
  let dir: string;
  let store: Store;
  const clock = createManualClock(T0);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-timers-'));
    store = await createSqliteStore({ path: join(dir, 'timers.db') });
    clock.set(T0);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `count` timers all due by T0, scheduled in shuffled order; timer i is due at T0 - 1000 + i. */
  async function schedule(count: number) {
    const order = Array.from({ length: count }, (_, i) => i).sort(
      (a, b) => ((a * 7919) % count) - ((b * 7919) % count),
    );
    for (const i of order) {
      await store.scheduleTimer({
        id: `t${i}`,
        instanceId: `i${i}`,
        timerId: `k${i}`,
        fireAt: T0 - 1000 + i,
      });
    }
  }

  it("reads each claim's instances in one go before delivering its timers, and fires them when that read fails", async () => {
    await schedule(6);
    const log: string[] = [];
    let reads = 0;
    const timers = createTimerService({
      store,
      clock,
      logger: silentLogger,
      batch: 3,
      concurrency: 3,
      prefetch: async (ids) => {
        reads += 1;
        log.push(`read ${ids.join(',')}`);
        if (reads === 2) throw new Error('the store hiccuped');
      },
      deliver: async (instanceId) => {
        log.push(instanceId);
        await turn();
        return { changed: false };
      },
    });
    expect(await timers.fireDue()).toBe(6);
    expect(log).toEqual(['read i0,i1,i2', 'i0', 'i1', 'i2', 'read i3,i4,i5', 'i3', 'i4', 'i5']);
  });

  it('fires timers due together earliest due first, each once', async () => {
    await schedule(30);
    const delivered: string[] = [];
    const timers = createTimerService({
      store,
      clock,
      logger: silentLogger,
      batch: 2,
      concurrency: 4,
      deliver: async (instanceId) => {
        delivered.push(instanceId);
        await turn();
        return { changed: false };
      },
    });
    expect(await timers.fireDue()).toBe(30);
    expect(delivered).toEqual(Array.from({ length: 30 }, (_, i) => `i${i}`));
    for (let i = 0; i < 30; i += 1) expect((await store.getTimer(`t${i}`))?.status).toBe('fired');
    expect(await timers.fireDue()).toBe(0);
  });

  it('claims at most `batch` at a time, keeps at most `concurrency` in flight, and claims again before a batch is done', async () => {
    await schedule(40);
    const limits: number[] = [];
    const inFlightAtClaim: number[] = [];
    let inFlight = 0;
    let most = 0;
    const claiming: Store = {
      ...store,
      claimDueTimers: (request) => {
        limits.push(request.limit);
        inFlightAtClaim.push(inFlight);
        return store.claimDueTimers(request);
      },
    };
    const timers = createTimerService({
      store: claiming,
      clock,
      logger: silentLogger,
      batch: 3,
      concurrency: 6,
      deliver: async (instanceId) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // Deliveries take unequal times, as steps of different instances do.
        for (let i = 0; i < 1 + (Number(instanceId.slice(1)) % 5); i += 1) await turn();
        inFlight -= 1;
        return { changed: false };
      },
    });
    expect(await timers.fireDue()).toBe(40);
    expect(Math.max(...limits)).toBeLessThanOrEqual(3);
    expect(most).toBeLessThanOrEqual(6);
    // Pipelined: some claims were taken while deliveries of earlier ones were still committing.
    expect(inFlightAtClaim.some((n) => n > 0)).toBe(true);
  });

  it('does not deliver a timer twice in one run when its lease runs out while it is in flight', async () => {
    await schedule(1);
    let deliveries = 0;
    let release = () => {};
    // Claims answered so far: the second one must have come back while the delivery still waits
    // (a claim is answered only once its write is on disk, so turns of the loop do not tell).
    let claims = 0;
    const counting: Store = {
      ...store,
      claimDueTimers: (query) =>
        store.claimDueTimers(query).then((claimed) => {
          claims += 1;
          return claimed;
        }),
    };
    const timers = createTimerService({
      store: counting,
      clock,
      logger: silentLogger,
      leaseMs: 1_000,
      deliver: async () => {
        deliveries += 1;
        // The lease runs out while this delivery waits; the run claims the timer again meanwhile.
        clock.advance(5_000);
        await new Promise<void>((resolve) => (release = resolve));
        return { changed: false };
      },
    });
    const run = timers.fireDue();
    while (claims < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 5; i += 1) await turn();
    release();
    await run;
    expect(deliveries).toBe(1);
  });

  it('fires a timer whose delivery failed again once its lease has run out', async () => {
    await schedule(1);
    let attempts = 0;
    const timers = createTimerService({
      store,
      clock,
      logger: silentLogger,
      leaseMs: 1_000,
      deliver: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('the step could not commit');
        return { changed: false };
      },
    });
    expect(await timers.fireDue()).toBe(0);
    expect(await timers.fireDue()).toBe(0);
    clock.advance(1_000);
    expect(await timers.fireDue()).toBe(1);
    expect((await store.getTimer('t0'))?.status).toBe('fired');
  });

  it('wakes when the next timer falls due rather than at its next poll', async () => {
    const fired = new Promise<void>((resolve) => {
      const timers = createTimerService({
        store,
        clock: systemClock,
        logger: silentLogger,
        pollMs: 600_000,
        deliver: async () => ({ changed: false }),
        onFired: () => {
          void timers.stop();
          resolve();
        },
      });
      void store
        .scheduleTimer({ id: 'soon', instanceId: 'i', timerId: 'k', fireAt: Date.now() + 50 })
        .then(() => timers.start());
    });
    await fired;
    expect((await store.getTimer('soon'))?.status).toBe('fired');
  });

  describe('with steps prepared ahead', () => {
    /** Timer i of `count` falls due at T0 + 1000 + i. */
    async function scheduleAhead(count: number) {
      for (let i = count - 1; i >= 0; i -= 1)
        await store.scheduleTimer({
          id: `t${i}`,
          instanceId: `i${i}`,
          timerId: `k${i}`,
          fireAt: T0 + 1000 + i,
        });
    }

    interface Step {
      instanceId: string;
      at: number;
      fresh: boolean;
    }

    /** A service whose preparation records what it is asked; `stale` instances moved on meanwhile. */
    function service(
      options: { stale?: Set<string>; skip?: Set<string>; maxPrepared?: number; owner?: string } = {},
    ) {
      const log: string[] = [];
      const timers = createTimerService<Step>({
        store,
        clock,
        logger: silentLogger,
        lookaheadMs: 2_000,
        ...(options.maxPrepared ? { maxPrepared: options.maxPrepared } : {}),
        deliver: async (instanceId, event) => {
          log.push(`deliver ${instanceId} at ${(event as { at: number }).at - T0}`);
          return { changed: true };
        },
        ahead: {
          prepare: async (instanceId, event, at) => {
            expect(event).toMatchObject({ type: 'timer.fired', at });
            if (options.skip?.has(instanceId)) return undefined;
            log.push(`prepare ${instanceId} at ${at - T0}`);
            return { instanceId, at, fresh: !options.stale?.has(instanceId) };
          },
          commit: async (step) => {
            // Never before its time.
            expect(clock.now()).toBeGreaterThanOrEqual(step.at);
            if (!step.fresh) return undefined;
            log.push(`commit ${step.instanceId}`);
            return { changed: true };
          },
          abandon: (step) => log.push(`abandon ${step.instanceId}`),
        },
      });
      return { timers, log };
    }

    it('prepares the steps of timers due within the lookahead, and commits each only once it is due, earliest first', async () => {
      await scheduleAhead(3);
      await store.scheduleTimer({ id: 'far', instanceId: 'far', timerId: 'k', fireAt: T0 + 5_000 });
      const { timers, log } = service();
      await timers.prepareAhead();
      expect(log).toEqual(['prepare i0 at 1000', 'prepare i1 at 1001', 'prepare i2 at 1002']);
      expect(timers.held()).toBe(3);
      expect(await timers.fireDue()).toBe(0);
      clock.set(T0 + 1_001);
      expect(await timers.fireDue()).toBe(2);
      clock.set(T0 + 1_500);
      expect(await timers.fireDue()).toBe(1);
      expect(log.slice(3)).toEqual(['commit i0', 'commit i1', 'commit i2']);
      expect(timers.held()).toBe(0);
    });

    it('delivers as usual, at its firing time, a timer whose instance moved on or had nothing to prepare', async () => {
      await scheduleAhead(2);
      const { timers, log } = service({ stale: new Set(['i0']), skip: new Set(['i1']) });
      await timers.prepareAhead();
      clock.set(T0 + 1_700);
      expect(await timers.fireDue()).toBe(2);
      expect(log.sort()).toEqual(['deliver i0 at 1700', 'deliver i1 at 1700', 'prepare i0 at 1000']);
    });

    it('computes a step afresh when it would be written more than the lookahead after its due time', async () => {
      await scheduleAhead(2);
      const { timers, log } = service();
      await timers.prepareAhead();
      clock.set(T0 + 1_001 + 2_000);
      expect(await timers.fireDue()).toBe(2);
      // i1 is exactly the lookahead late: still written as prepared.
      expect(log.slice(2).sort()).toEqual(['abandon i0', 'commit i1', 'deliver i0 at 3001']);
    });

    it('holds at most `maxPrepared`, and another service does not claim what one holds', async () => {
      await scheduleAhead(5);
      const { timers, log } = service({ maxPrepared: 3 });
      await timers.prepareAhead();
      expect(timers.held()).toBe(3);
      clock.set(T0 + 1_010);
      const other = service();
      expect(await other.timers.fireDue()).toBe(2);
      expect(other.log).toEqual(['deliver i3 at 1010', 'deliver i4 at 1010']);
      expect(await timers.fireDue()).toBe(3);
      expect(log.filter((line) => line.startsWith('commit'))).toEqual([
        'commit i0',
        'commit i1',
        'commit i2',
      ]);
    });

    it('gives back what it holds when stopped: nothing is committed, and another service fires them on time', async () => {
      await scheduleAhead(2);
      const { timers, log } = service();
      await timers.prepareAhead();
      await timers.stop();
      expect(log.slice(2)).toEqual(['abandon i0', 'abandon i1']);
      clock.set(T0 + 1_001);
      const other = service();
      expect(await other.timers.fireDue()).toBe(2);
    });
  });
});
