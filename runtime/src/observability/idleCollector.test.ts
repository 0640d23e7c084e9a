import { describe, expect, it } from 'vitest';
import { createIdleCollector } from './idleCollector';

const MiB = 1024 * 1024;

/** A heap the test sets, and a collection that brings it back to `live`. */
function heap(live: number) {
  const state = { used: live, collections: 0 };
  return {
    state,
    options: {
      heapUsed: () => state.used,
      gc: () => {
        state.collections += 1;
        state.used = live;
      },
    },
  };
}

describe('idle collector', () => {
  it('collects once the heap stops growing with much more in it than after the last collection', () => {
    const { state, options } = heap(40 * MiB);
    const collector = createIdleCollector(options);
    state.used = 140 * MiB; // a burst of work
    expect(collector.check()).toBe(false); // still growing: busy
    expect(collector.check()).toBe(true); // quiet now, with 100 MiB of garbage
    expect(state.used).toBe(40 * MiB);
    expect(collector.check()).toBe(false);
    expect(state.collections).toBe(1);
  });

  it('leaves a busy heap to V8, and a quiet one with little garbage alone', () => {
    const { state, options } = heap(40 * MiB);
    const collector = createIdleCollector(options);
    for (let i = 1; i <= 5; i += 1) {
      state.used = 40 * MiB + i * 20 * MiB;
      expect(collector.check()).toBe(false);
    }
    state.used = 30 * MiB; // V8 collected on its own
    expect(collector.check()).toBe(false);
    state.used = 40 * MiB; // 10 MiB of garbage since: not worth a collection
    expect(collector.check()).toBe(false);
    expect(collector.check()).toBe(false);
    expect(state.collections).toBe(0);
  });
});
