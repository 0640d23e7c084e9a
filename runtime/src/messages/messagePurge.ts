import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock';
import type { Store } from '../store';

export interface MessagePurgeOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Messages one delete removes. */
  readonly batchSize?: number;
  /** Batches one run deletes at most; the rest waits for the next run. */
  readonly maxBatches?: number;
}

/**
 * Deletes expired buffered messages a small batch at a time, pausing between batches as long as
 * the batch took (at least a turn of the event loop), so steps, requests and timers keep at least
 * half of the process's time, as retention does. Returns how many it deleted.
 */
export function purgeExpiredMessages(options: MessagePurgeOptions): Promise<number> {
  return inBatches((limit) => options.store.purgeExpiredMessages(options.clock.now(), limit), options);
}

/**
 * The same for expired one-time tokens (used approval links, the ids of messages sent): nothing
 * else deletes them on SQLite (MongoDB's TTL index does there), so every signed webhook call
 * and every used link would stay in the table for good.
 */
export function purgeExpiredOnceTokens(options: MessagePurgeOptions): Promise<number> {
  return inBatches((limit) => options.store.purgeExpiredOnce(options.clock.now(), limit), options);
}

async function inBatches(
  purge: (limit: number) => Promise<number>,
  options: Pick<MessagePurgeOptions, 'batchSize' | 'maxBatches'>,
): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 50;
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const started = performance.now();
    const count = await purge(batchSize);
    deleted += count;
    if (count < batchSize) break;
    const took = performance.now() - started;
    await (took >= 1 ? sleep(took) : new Promise((resolve) => setImmediate(resolve)));
  }
  return deleted;
}
