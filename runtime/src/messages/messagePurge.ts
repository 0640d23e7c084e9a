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
export async function purgeExpiredMessages(options: MessagePurgeOptions): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 50;
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const started = performance.now();
    const count = await options.store.purgeExpiredMessages(options.clock.now(), batchSize);
    deleted += count;
    if (count < batchSize) break;
    const took = performance.now() - started;
    await (took >= 1 ? sleep(took) : new Promise((resolve) => setImmediate(resolve)));
  }
  return deleted;
}
