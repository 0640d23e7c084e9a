import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type Store } from '../store';
import { armTrigger } from './armTrigger';
import type { CronTrigger } from './fireTrigger';

const at = (iso: string) => Date.parse(iso);
const trigger = (schedule: string): CronTrigger => ({
  workflowId: 'wf-report',
  version: 2,
  triggerId: 'tick',
  schedule,
  timezone: 'UTC',
  catchUp: 'none',
  maxCatchUp: 10,
});

describe('armTrigger', () => {
  let directory = '';
  let store: Store;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-arm-'));
    store = await createSqliteStore({ path: join(directory, 'flowline.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const cursor = async () => (await store.getCronCursor('wf-report', 'tick'))?.nextDueAt;

  it('sets the cursor to the first fire after the publication', async () => {
    expect(await armTrigger(store, trigger('0 * * * *'), at('2026-01-05T09:59:30Z'))).toBe(
      at('2026-01-05T10:00:00Z'),
    );
    expect(await cursor()).toBe(at('2026-01-05T10:00:00Z'));
  });

  it("moves a cursor left by the version before to the new schedule's first fire", async () => {
    await store.setCronCursor({
      workflowId: 'wf-report',
      triggerId: 'tick',
      nextDueAt: at('2026-01-06T02:00:00Z'),
    });
    await armTrigger(store, trigger('30 * * * *'), at('2026-01-05T10:20:00Z'));
    expect(await cursor()).toBe(at('2026-01-05T10:30:00Z'));
  });

  it('leaves a fire that was due before the publication to be handled', async () => {
    await store.setCronCursor({
      workflowId: 'wf-report',
      triggerId: 'tick',
      nextDueAt: at('2026-01-05T10:00:00Z'),
    });
    expect(await armTrigger(store, trigger('30 * * * *'), at('2026-01-05T10:00:00.500Z'))).toBeUndefined();
    expect(await cursor()).toBe(at('2026-01-05T10:00:00Z'));
  });
});
