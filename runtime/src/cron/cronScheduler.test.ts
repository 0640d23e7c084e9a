import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock';
import { createSqliteStore, type Store } from '../store';
import type { CatchUpPolicy } from './catchUp';
import { createCronScheduler, type CronScheduler, type CronSchedulerDeps } from './cronScheduler';
import type { CronFireStart, CronLogger, CronTrigger } from './fireTrigger';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function hourlyTrigger(catchUp: CatchUpPolicy = 'latest', overrides: Partial<CronTrigger> = {}): CronTrigger {
  return {
    workflowId: 'wf-report',
    version: 3,
    triggerId: 'nightly',
    schedule: '0 * * * *',
    timezone: 'UTC',
    catchUp,
    maxCatchUp: 10,
    ...overrides,
  };
}

function recordingLogger() {
  const entries: { level: string; message: string; details: Record<string, unknown> }[] = [];
  const logger: CronLogger = {
    info: (details, message) => entries.push({ level: 'info', message, details }),
    warn: (details, message) => entries.push({ level: 'warn', message, details }),
    error: (details, message) => entries.push({ level: 'error', message, details }),
  };
  return { logger, entries };
}

describe('createCronScheduler with the SQLite store', () => {
  let directory = '';
  const stores: Store[] = [];
  const schedulers: CronScheduler[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-cron-'));
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  async function openStore(): Promise<Store> {
    const store = await createSqliteStore({ path: join(directory, 'flowline.db') });
    stores.push(store);
    return store;
  }

  async function setUp(
    triggers: readonly CronTrigger[],
    options: {
      store?: Store;
      startInstance?: CronSchedulerDeps['startInstance'];
      ensureStarted?: CronSchedulerDeps['ensureStarted'];
      tickMs?: number;
    } = {},
  ) {
    const store = options.store ?? (await openStore());
    const clock = createManualClock(at('2026-01-05T09:30:00Z'));
    const started: CronFireStart[] = [];
    const { logger, entries } = recordingLogger();
    const scheduler = createCronScheduler({
      store,
      clock,
      logger,
      listTriggers: async () => triggers,
      startInstance:
        options.startInstance ??
        (async (fire) => {
          started.push(fire);
        }),
      ...(options.tickMs !== undefined && { tickMs: options.tickMs }),
      ...(options.ensureStarted && { ensureStarted: options.ensureStarted }),
    });
    schedulers.push(scheduler);
    return { store, clock, started, entries, scheduler };
  }

  it('starts a newly seen trigger at its next fire, then fires each scheduled time once', async () => {
    const { scheduler, store, started } = await setUp([hourlyTrigger()]);
    await scheduler.tick(at('2026-01-05T09:30:00Z'));
    expect(await store.getCronCursor('wf-report', 'nightly')).toMatchObject({
      nextDueAt: at('2026-01-05T10:00:00Z'),
    });
    expect(started).toEqual([]);

    await scheduler.tick(at('2026-01-05T10:00:00.005Z'));
    await scheduler.tick(at('2026-01-05T10:00:00.005Z'));
    await scheduler.tick(at('2026-01-05T10:01:00Z'));
    expect(started).toEqual([
      { workflowId: 'wf-report', version: 3, triggerId: 'nightly', scheduledAt: at('2026-01-05T10:00:00Z') },
    ]);
    expect(await store.getCronCursor('wf-report', 'nightly')).toMatchObject({
      nextDueAt: at('2026-01-05T11:00:00Z'),
    });
  });

  it('hands a fire claimed by a process that died before starting it to ensureStarted', async () => {
    const ensured: CronFireStart[] = [];
    const { scheduler, store, started } = await setUp([hourlyTrigger()], {
      ensureStarted: async (fire) => {
        ensured.push(fire);
      },
    });
    await scheduler.tick(at('2026-01-05T09:30:00Z'));
    // The dead process claimed 10:00 and never moved the cursor.
    await store.claimCronFire({
      workflowId: 'wf-report',
      triggerId: 'nightly',
      scheduledAt: at('2026-01-05T10:00:00Z'),
    });
    await scheduler.tick(at('2026-01-05T10:00:00.005Z'));
    expect(started).toEqual([]);
    expect(ensured).toEqual([
      { workflowId: 'wf-report', version: 3, triggerId: 'nightly', scheduledAt: at('2026-01-05T10:00:00Z') },
    ]);
    // The cursor moved on: the fire is not handed over again.
    await scheduler.tick(at('2026-01-05T10:30:00Z'));
    expect(ensured).toHaveLength(1);
  });

  it('starts exactly one instance per scheduled time when two schedulers share the store file', async () => {
    const triggers = [
      hourlyTrigger('all', { schedule: '* * * * *', triggerId: 'every-minute' }),
      hourlyTrigger('all', { workflowId: 'wf-other', triggerId: 'five', schedule: '*/5 * * * *' }),
    ];
    const a = await setUp(triggers);
    const b = await setUp(triggers, { store: await openStore() });
    const both = async (iso: string) => Promise.all([a.scheduler.tick(at(iso)), b.scheduler.tick(at(iso))]);

    await both('2026-01-05T09:30:00Z');
    await both('2026-01-05T09:31:00Z');
    await both('2026-01-05T09:32:00Z');
    await both('2026-01-05T09:40:00Z'); // both were blocked for eight minutes: 'all' catches up

    const keys = [...a.started, ...b.started].map(
      (f) => `${f.triggerId}@${iso(f.scheduledAt).slice(11, 16)}`,
    );
    expect(keys.sort()).toEqual([
      'every-minute@09:31',
      'every-minute@09:32',
      'every-minute@09:33',
      'every-minute@09:34',
      'every-minute@09:35',
      'every-minute@09:36',
      'every-minute@09:37',
      'every-minute@09:38',
      'every-minute@09:39',
      'every-minute@09:40',
      'five@09:35',
      'five@09:40',
    ]);
  });

  it.each([
    ['none', []],
    ['latest', ['12:00']],
    ['all', ['10:00', '11:00', '12:00']],
  ] as const)(
    "after 3 hours down, an hourly trigger with catch-up '%s' starts %j",
    async (policy, expected) => {
      const { scheduler, started, entries } = await setUp([hourlyTrigger(policy)]);
      await scheduler.tick(at('2026-01-05T09:30:00Z')); // last tick before the outage
      await scheduler.tick(at('2026-01-05T12:30:00Z')); // first tick after restart

      expect(started.map((f) => iso(f.scheduledAt).slice(11, 16))).toEqual(expected);
      const skipped = entries.filter((e) => e.message.startsWith('missed cron fires skipped'));
      expect(skipped).toHaveLength(policy === 'all' ? 0 : 1);
    },
  );

  it('catches up on start, reading the time from the clock', async () => {
    const { scheduler, store, clock, started } = await setUp([hourlyTrigger('all')], { tickMs: 3_600_000 });
    await store.setCronCursor({
      workflowId: 'wf-report',
      triggerId: 'nightly',
      nextDueAt: at('2026-01-05T07:00:00Z'),
    });
    clock.set(at('2026-01-05T09:10:00Z'));
    expect(await scheduler.start()).toEqual({ started: 3, failedTriggers: 0 });
    expect(started.map((f) => iso(f.scheduledAt).slice(11, 16))).toEqual(['07:00', '08:00', '09:00']);
  });

  it('fires a due time once when the tick comes late, or not at all', async () => {
    const late = await setUp([hourlyTrigger('none')]);
    await late.scheduler.tick(at('2026-01-05T09:59:00Z'));
    await late.scheduler.tick(at('2026-01-05T10:00:40Z')); // blocked 40 s: still on time
    await late.scheduler.tick(at('2026-01-05T10:01:00Z'));
    expect(late.started.map((f) => iso(f.scheduledAt))).toEqual(['2026-01-05T10:00:00.000Z']);

    const skipped = await setUp([hourlyTrigger('latest', { workflowId: 'wf-2' })]);
    await skipped.scheduler.tick(at('2026-01-05T09:59:00Z'));
    await skipped.scheduler.tick(at('2026-01-05T10:07:00Z')); // the 10:00 to 10:06 ticks never came
    await skipped.scheduler.tick(at('2026-01-05T10:08:00Z'));
    expect(skipped.started.map((f) => iso(f.scheduledAt))).toEqual(['2026-01-05T10:00:00.000Z']);
  });

  it('keeps going when one trigger fails', async () => {
    const triggers = [
      hourlyTrigger('all', { triggerId: 'broken', schedule: 'not a schedule' }),
      hourlyTrigger('all', { triggerId: 'refused' }),
      hourlyTrigger('all', { triggerId: 'fine' }),
    ];
    const started: string[] = [];
    const { scheduler, entries } = await setUp(triggers, {
      startInstance: async (fire) => {
        if (fire.triggerId === 'refused') throw new Error('version unpublished');
        started.push(fire.triggerId);
      },
    });
    await scheduler.tick(at('2026-01-05T09:30:00Z'));
    expect(await scheduler.tick(at('2026-01-05T10:00:00Z'))).toEqual({ started: 1, failedTriggers: 1 });
    expect(started).toEqual(['fine']);
    expect(entries.filter((e) => e.level === 'error').map((e) => e.details['triggerId'])).toEqual([
      'broken',
      'broken',
      'refused',
    ]);
  });

  it('fires "every 15 minutes" through the Berlin fall-back night when ticked every minute', async () => {
    const { scheduler, started } = await setUp([
      hourlyTrigger('none', { schedule: '*/15 * * * *', timezone: 'Europe/Berlin' }),
    ]);
    for (let now = at('2026-10-24T23:50:00Z'); now <= at('2026-10-25T02:20:00Z'); now += 60_000) {
      await scheduler.tick(now);
    }
    // Each wall time once, at its first occurrence; the repeated 02:00-02:45 CET stay silent.
    expect(started.map((f) => iso(f.scheduledAt).slice(11, 16))).toEqual([
      '00:00',
      '00:15',
      '00:30',
      '00:45',
      '02:00',
      '02:15',
    ]);
  });

  it('ticks on its timer and waits for an in-flight tick when stopped', async () => {
    let entered!: () => void;
    const enteredStart = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { scheduler, clock } = await setUp([hourlyTrigger()], {
      tickMs: 2,
      startInstance: async () => {
        entered();
        await released;
      },
    });
    await scheduler.start(); // sets the cursor to 10:00
    clock.set(at('2026-01-05T10:00:00Z'));
    await enteredStart; // a timer tick found the due fire

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('starts and stops with node-cron as the tick source', async () => {
    const { scheduler, started } = await setUp([hourlyTrigger()]);
    await scheduler.start();
    await scheduler.stop();
    expect(started).toEqual([]);
  });
});
