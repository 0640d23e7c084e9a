import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock';
import { createSqliteStore, type Store } from '../store';
import { purgeExpiredOnceTokens } from './messagePurge';

describe('purging expired one-time tokens', () => {
  let dir: string;
  let store: Store;
  const clock = createManualClock();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-once-'));
    store = await createSqliteStore({ path: join(dir, 'db.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const consume = (key: string, expiresAt: number) =>
    store.consumeOnce({ namespace: 'message-sent', key, expiresAt });

  it('deletes every expired token in batches and keeps the live ones', async () => {
    const now = clock.now();
    for (let i = 0; i < 450; i += 1) await consume(`old-${i}`, now - 1 - i);
    await consume('live', now + 60_000);
    expect(await purgeExpiredOnceTokens({ store, clock, batchSize: 200 })).toBe(450);
    expect(await consume('old-0', now + 1)).toBe(true); // forgotten, so new again
    expect(await consume('live', now + 60_000)).toBe(false);
  });

  it('stops after its batches; the rest waits for the next run', async () => {
    const now = clock.now();
    for (let i = 0; i < 30; i += 1) await consume(`old-${i}`, now - 1 - i);
    expect(await purgeExpiredOnceTokens({ store, clock, batchSize: 10, maxBatches: 2 })).toBe(20);
    expect(await purgeExpiredOnceTokens({ store, clock, batchSize: 10, maxBatches: 2 })).toBe(10);
  });
});
