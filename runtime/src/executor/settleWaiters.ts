import { AppError } from '../errors';
import type { Instance, Store } from '../store';
import { settleStateOf, type SettleState } from './settled';

export interface SettleWaiters {
  /** Told of every step this process commits. */
  committed(instance: Instance): void;
  /**
   * Resolves with the instance once it is no longer the runtime's work (ended, or waiting on a
   * person, a time, an event or an operator), or with how it stands when `timeoutMs` runs out.
   */
  waitUntilSettled(
    instanceId: string,
    options: {
      timeoutMs: number;
      signal?: AbortSignal;
      /**
       * How the instance stands to begin with (default: read from the store). Called once the
       * waiter listens, so it may be the start itself: no step committed meanwhile is missed,
       * and a start that waits costs no read.
       */
      first?: () => Promise<Instance>;
    },
  ): Promise<{ instance: Instance; state: SettleState }>;
  /** How many requests wait now (bounded by the caller's limit). */
  size(): number;
}

/** Steps committed by another replica are seen by this re-read, at most this far apart. */
const POLL_MS = 250;

/**
 * Waiters for synchronous starts. Woken by this process's commits (a step here is seen at once,
 * without a read); a periodic read of the store covers steps that other replicas commit.
 */
export function createSettleWaiters(store: Pick<Store, 'getInstance'>): SettleWaiters {
  const waiting = new Map<string, Set<(instance: Instance) => void>>();
  let count = 0;

  return {
    committed(instance) {
      const listeners = waiting.get(instance.id);
      if (!listeners) return;
      for (const listener of listeners) listener(instance);
    },
    size: () => count,
    async waitUntilSettled(instanceId, options) {
      count += 1;
      let poll: NodeJS.Timeout | undefined;
      let deadline: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      let done = false;
      // Steps committed before the first state is known are kept; the newest wins.
      let early: Instance | undefined;
      let consider = (instance: Instance) => {
        if (!early || instance.rev > early.rev) early = instance;
      };
      const listener = (instance: Instance) => consider(instance);
      let listeners = waiting.get(instanceId);
      if (!listeners) waiting.set(instanceId, (listeners = new Set()));
      listeners.add(listener);
      try {
        const first = options.first ? await options.first() : await store.getInstance(instanceId);
        if (!first) throw new AppError('NOT_FOUND', `There is no instance ${instanceId}`);
        let latest = early && early.rev > first.rev ? early : first;
        if (settleStateOf(latest) !== 'working') return { instance: latest, state: settleStateOf(latest) };
        return await new Promise((resolve) => {
          const finish = () => resolve({ instance: latest, state: settleStateOf(latest) });
          consider = (instance: Instance) => {
            // Steps of one instance commit in rev order, but a poll may read an older one late.
            if (instance.rev < latest.rev) return;
            latest = instance;
            if (settleStateOf(latest) !== 'working') finish();
          };
          const reread = () => {
            if (done) return;
            poll = setTimeout(() => {
              void store
                .getInstance(instanceId)
                .then((read) => read && consider(read))
                .catch(() => undefined)
                .finally(reread);
            }, POLL_MS);
          };
          reread();
          deadline = setTimeout(finish, options.timeoutMs);
          onAbort = finish;
          options.signal?.addEventListener('abort', onAbort, { once: true });
        });
      } finally {
        done = true;
        count -= 1;
        if (poll) clearTimeout(poll);
        if (deadline) clearTimeout(deadline);
        if (onAbort) options.signal?.removeEventListener('abort', onAbort);
        listeners.delete(listener);
        if (listeners.size === 0) waiting.delete(instanceId);
      }
    },
  };
}
