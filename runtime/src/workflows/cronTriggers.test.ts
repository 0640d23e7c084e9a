import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CronLogger } from '../cron';
import { silentLogger, type Logger } from '../observability/logger';
import type { Store } from '../store';
import { createTestRuntime, type TestRuntime } from '../testing';
import { createCronTriggers } from './cronTriggers';

const at = (iso: string) => Date.parse(iso);

const cronWorkflow = (id: string, schedule = '0 * * * *', extra: ReturnType<typeof n.task>[] = []) =>
  aWorkflow(id)
    .nodes(
      {
        id: 'tick',
        name: 'On schedule',
        kind: 'trigger',
        trigger: { type: 'cron', schedule, timezone: 'UTC', catchUp: 'none' },
      },
      ...extra,
      n.end('done'),
    )
    .edges(...(extra.length > 0 ? ['tick -> call', 'call -> done'] : ['tick -> done']))
    .document();

const hourly = cronWorkflow('hourly-report');

/** A logger that keeps what was logged, in the shape the cron code writes. */
function recordingLogger() {
  const entries: { level: string; message: string; details: Record<string, unknown> }[] = [];
  const record =
    (level: string) =>
    (details: Record<string, unknown>, message: string): void => {
      entries.push({ level, message, details });
    };
  const logger: CronLogger = { info: record('info'), warn: record('warn'), error: record('error') };
  return { logger: logger as unknown as Logger, entries };
}

/** Counts the store reads that go through definitions (drafts and versions). */
function countingReads(store: Store) {
  const counts = { listDrafts: 0, getVersion: 0, getLatestVersion: 0 };
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property === 'string' && property in counts && typeof value === 'function')
        return (...args: unknown[]) => {
          counts[property as keyof typeof counts] += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return value;
    },
  });
  return { store: counted, counts };
}

describe('cron triggers of published workflows', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
    rt.clock.set(at('2026-01-05T09:30:00Z'));
  });
  afterEach(() => rt.close());

  const instanceIds = async (workflowId: string) =>
    (await rt.store.listInstances({ workflowId }, { limit: 10 })).items.map((i) => i.id).sort();

  it('starts the instance of a fire whose claimer died before starting it, once', async () => {
    await rt.publish(hourly);
    const cron = createCronTriggers({ store: rt.store, clock: rt.clock, logger: silentLogger, core: rt });
    const due = at('2026-01-05T10:00:00Z');
    await cron.tick(at('2026-01-05T09:30:00Z'));
    await rt.store.claimCronFire({ workflowId: hourly.id, triggerId: 'tick', scheduledAt: due });
    await cron.tick(due + 5);
    await cron.tick(due + 10);
    const { items } = await rt.store.listInstances({ workflowId: hourly.id }, { limit: 10 });
    expect(items.map((i) => [i.id, i.status, i.startedBy])).toEqual([
      [`cron-${hourly.id}-tick-${due}`, 'completed', 'cron'],
    ]);
  });

  it('starts the first fire after publishing even when the first tick comes only after it', async () => {
    rt.clock.set(at('2026-01-05T09:59:30Z'));
    await rt.publish(hourly); // published without being armed (as the seeded examples are)
    const cron = createCronTriggers({ store: rt.store, clock: rt.clock, logger: silentLogger, core: rt });
    await cron.tick(at('2026-01-05T10:00:00.005Z'));
    expect(await instanceIds(hourly.id)).toEqual([`cron-${hourly.id}-tick-${at('2026-01-05T10:00:00Z')}`]);
  });

  it('reads only what was published since the last tick, not every workflow on every tick', async () => {
    await rt.publish(hourly);
    await rt.publish(
      aWorkflow('manual-one').nodes(n.trigger(), n.end('done')).edges('start -> done').document(),
    );
    const { store, counts } = countingReads(rt.store);
    const cron = createCronTriggers({ store, clock: rt.clock, logger: silentLogger, core: { ...rt, store } });
    await cron.tick(at('2026-01-05T09:30:00Z'));
    const afterFirst = { ...counts };
    await cron.tick(at('2026-01-05T09:31:00Z'));
    await cron.tick(at('2026-01-05T09:32:00Z'));
    expect(counts).toEqual(afterFirst);
    expect(counts.listDrafts).toBe(0);

    await rt.publish(cronWorkflow('nightly', '0 2 * * *'));
    await cron.tick(at('2026-01-05T09:33:00Z'));
    expect(counts.getVersion - afterFirst.getVersion).toBeLessThanOrEqual(1);
    expect(cron.status('nightly')).toMatchObject({ state: 'armed', version: 1, schedule: '0 2 * * *' });
  });

  it('logs a published cron workflow that does not load once, shows it as failed, and arms the version that fixes it', async () => {
    // A stored version that no longer parses (a format change, a hand-edited database).
    await rt.store.publishVersion({
      workflowId: hourly.id,
      version: 1,
      definition: { ...hourly, nodes: [{ id: 'tick', kind: 'trigger', trigger: { type: 'cron' } }] } as never,
      publishedAt: rt.clock.now(),
      publishedBy: 'test',
    });
    const { logger, entries } = recordingLogger();
    const cron = createCronTriggers({ store: rt.store, clock: rt.clock, logger, core: rt });
    for (const minute of ['09:30', '09:31', '09:32', '10:00'])
      await cron.tick(at(`2026-01-05T${minute}:00.005Z`));
    const errors = entries.filter((e) => e.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('cron trigger not armed: The published version does not load'),
        details: expect.objectContaining({ workflowId: hourly.id, version: 1 }),
      }),
    ]);
    expect(cron.status(hourly.id)).toEqual({
      state: 'failed',
      version: 1,
      error: expect.stringContaining('no longer parses'),
      since: at('2026-01-05T09:30:00Z'),
    });

    rt.clock.set(at('2026-01-05T10:25:00Z'));
    await rt.publish(hourly, 2);
    await cron.tick(at('2026-01-05T10:30:00Z'));
    expect(cron.status(hourly.id)).toMatchObject({ state: 'armed', version: 2 });
    expect(entries.filter((e) => e.level === 'error')).toHaveLength(1);
    expect(entries.map((e) => e.message)).toContain('cron trigger armed again by a newer version');
    await cron.tick(at('2026-01-05T11:00:00.005Z'));
    expect(await instanceIds(hourly.id)).toEqual([`cron-${hourly.id}-tick-${at('2026-01-05T11:00:00Z')}`]);
  });

  it('reports a schedule that never fires once, instead of warning on every tick', async () => {
    await rt.publish(cronWorkflow('leap', '0 0 30 2 *'));
    const { logger, entries } = recordingLogger();
    const cron = createCronTriggers({ store: rt.store, clock: rt.clock, logger, core: rt });
    for (const minute of ['09:30', '09:31', '09:32']) await cron.tick(at(`2026-01-05T${minute}:00Z`));
    expect(entries.filter((e) => e.level !== 'info')).toHaveLength(1);
    expect(cron.status('leap')).toMatchObject({
      state: 'failed',
      error: 'The schedule "0 0 30 2 *" never fires',
    });
  });
});
