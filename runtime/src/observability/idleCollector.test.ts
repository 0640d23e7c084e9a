import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createIdleCollector } from './idleCollector';

const run = promisify(execFile);

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

describe('idle collector and committed pages', () => {
  it('collects once after work when the heap keeps far more pages committed than it uses', () => {
    const { state, options } = heap(40 * MiB);
    const committed = { bytes: 48 * MiB };
    const collector = createIdleCollector({ ...options, heapCommitted: () => committed.bytes });
    expect(collector.check()).toBe(false); // quiet, nothing worked: nothing to do
    state.used = 60 * MiB; // work…
    committed.bytes = 120 * MiB;
    expect(collector.check()).toBe(false);
    state.used = 44 * MiB; // …V8 collected its garbage itself, but kept the pages
    expect(collector.check()).toBe(true);
    expect(state.collections).toBe(1);
    // The pages stay committed (say the heap cannot shrink further): not collected again.
    expect(collector.check()).toBe(false);
    expect(collector.check()).toBe(false);
    expect(state.collections).toBe(1);
  });
});

describe('the idle collection', () => {
  it('compacts the heap a burst left fragmented, which plain collections leave committed', async () => {
    const script = fileURLToPath(new URL('./compactingProcess.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    const { plain, compacted, survivors } = JSON.parse(stdout) as {
      plain: number;
      compacted: number;
      survivors: number;
    };
    expect(survivors).toBe(30_000);
    // The old generation's committed size; measured: 30-40 % of it. Half leaves room for other
    // V8 versions' heuristics.
    expect(compacted).toBeLessThan(plain / 2);
  });
});
