import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../clock';
import { createLogger } from '../observability/logger';
import type { Store } from '../store';
import { RetentionConfigSchema } from './retentionConfig';
import { createRetentionService } from './retentionService';
import { openTestStore, storeInstance } from './testStore';

const DAY = 86_400_000;

describe('the retention service', () => {
  let store: Store;
  let directory: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, directory, cleanup } = await openTestStore());
  });
  afterEach(() => cleanup());

  function service(config: Record<string, unknown>) {
    const clock = createManualClock();
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const retention = createRetentionService({
      store,
      clock,
      logger: createLogger({ level: 'info', destination }),
      config: RetentionConfigSchema.parse(config),
      defaultArchiveDir: join(directory, 'archive'),
    });
    return { retention, clock, lines };
  }

  it("cuts off by the runtime's clock, a workflow's own policy before the global one", async () => {
    const { retention, clock, lines } = service({ endedInstancesDays: 30 });
    const start = clock.now();
    await storeInstance(store, 'access', start);
    await storeInstance(store, 'onboarding', start, { workflowId: 'onboarding' });
    await storeInstance(store, 'audit', start, { workflowId: 'audit' });
    await storeInstance(store, 'waiting', start, { status: 'running' });
    await store.setRetentionPolicy({
      workflowId: 'onboarding',
      endedInstancesDays: 7,
      updatedAt: start,
      updatedBy: 'ada',
    });
    await store.setRetentionPolicy({
      workflowId: 'audit',
      endedInstancesDays: null,
      updatedAt: start,
      updatedBy: 'ada',
    });

    clock.advance(8 * DAY);
    const first = await retention.runOnce();
    expect(first.passes.map((p) => [p.policy, p.deleted])).toEqual([
      ['onboarding', 1],
      ['global', 0],
    ]);
    expect(await store.getInstance('onboarding')).toBeNull();
    expect(await store.getInstance('access')).not.toBeNull();

    clock.advance(30 * DAY);
    await retention.runOnce();
    expect(await store.getInstance('access')).toBeNull();
    expect(await store.getInstance('audit')).not.toBeNull();
    expect(await store.getInstance('waiting')).not.toBeNull();

    const audit = lines.filter((line) => line['msg'] === 'retention: removed ended instances');
    expect(audit.map((line) => [line['policy'], line['deleted'], line['mode']])).toEqual([
      ['onboarding', 1, 'delete'],
      ['global', 1, 'delete'],
    ]);
    expect(audit[1]?.['cutoff']).toBe(new Date(clock.now() - 30 * DAY).toISOString());
  });

  it('does nothing while no policy is set', async () => {
    const { retention, clock } = service({});
    await storeInstance(store, 'old', clock.now());
    clock.advance(10_000 * DAY);
    expect((await retention.runOnce()).passes).toEqual([]);
    expect(await store.getInstance('old')).not.toBeNull();
  });

  it('runs by itself a minute after start, then every intervalMs', async () => {
    const { retention, clock } = service({ endedInstancesDays: 1, intervalMs: 3_600_000 });
    await storeInstance(store, 'first', clock.now());
    clock.advance(2 * DAY);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      retention.start();
      await vi.advanceTimersByTimeAsync(59_000);
      expect(await store.getInstance('first')).not.toBeNull();
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.waitFor(async () => expect(await store.getInstance('first')).toBeNull());
      await storeInstance(store, 'second', clock.now());
      clock.advance(2 * DAY);
      await vi.advanceTimersByTimeAsync(3_599_000);
      expect(await store.getInstance('second')).not.toBeNull();
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.waitFor(async () => expect(await store.getInstance('second')).toBeNull());
    } finally {
      await retention.stop();
      vi.useRealTimers();
    }
  });

  it('shares one run between callers and stops cleanly', async () => {
    const { retention } = service({ endedInstancesDays: 1 });
    const [a, b] = await Promise.all([retention.runOnce(), retention.runOnce()]);
    expect(a.runId).toBe(b.runId);
    retention.start();
    await retention.stop();
  });
});
