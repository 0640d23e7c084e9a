import { setFlagsFromString } from 'node:v8';

const MiB = 1024 * 1024;

export interface IdleCollectorOptions {
  /** A full collection: `globalThis.gc`, there when node runs with --expose-gc (RUNTIME_NODE_FLAGS). */
  readonly gc: () => void;
  /** Bytes the JS heap holds now (v8.getHeapStatistics().used_heap_size). */
  readonly heapUsed: () => number;
  /** Bytes the JS heap has committed (v8.getHeapStatistics().total_heap_size); optional. */
  readonly heapCommitted?: () => number;
  /** How often the heap is looked at; quiet means it grew less than `quietBytes` over one period. */
  readonly intervalMs?: number;
  readonly quietBytes?: number;
  /** Garbage worth a collection: the heap holds this much more than after the last one. */
  readonly garbageBytes?: number;
}

/**
 * Collects garbage when the process goes quiet after work. V8 runs a full collection only when
 * the old generation reaches a limit it sets at up to four times the live heap, so after a burst
 * of steps (say 100,000 starts) about 100 MiB of garbage stayed resident for as long as the
 * process then stayed quiet: waiting instances, which need no memory, kept the RSS of the burst.
 * While the heap grows the process is busy and V8 collects as it goes; nothing is done then.
 */
export function createIdleCollector(options: IdleCollectorOptions) {
  const intervalMs = options.intervalMs ?? 2_000;
  const quietBytes = options.quietBytes ?? 2 * MiB;
  const garbageBytes = options.garbageBytes ?? 16 * MiB;
  let afterLast = options.heapUsed();
  let previous = afterLast;
  /** Whether the heap grew since the last collection here (work happened). */
  let worked = false;
  let handle: NodeJS.Timeout | undefined;

  /** One look at the heap; returns whether it collected. */
  function check(): boolean {
    const used = options.heapUsed();
    const quiet = used - previous < quietBytes;
    previous = used;
    if (!quiet) worked = true;
    // The heap may also shrink on its own (V8 collected): that is the new baseline.
    afterLast = Math.min(afterLast, used);
    // Once after work, also when V8 collected the garbage itself but kept its pages committed
    // (a fragmented old generation): the collection compacts them (compactingCollection).
    const idlePages = worked && (options.heapCommitted?.() ?? 0) - used >= garbageBytes;
    if (!quiet || (used - afterLast < garbageBytes && !idlePages)) return false;
    options.gc();
    afterLast = previous = options.heapUsed();
    worked = false;
    return true;
  }

  return {
    check,
    start() {
      handle ??= setInterval(check, intervalMs).unref();
    },
    stop() {
      if (handle) clearInterval(handle);
      handle = undefined;
    },
  };
}

export type IdleCollector = ReturnType<typeof createIdleCollector>;

/**
 * A full collection that also compacts every page, for the idle collector. V8 compacts only the
 * pages its heuristics pick, so after a burst the few objects that stay (waiting instances, the
 * cache) hold most pages of the old generation resident: measured on a fragmented heap, 16 MiB
 * live still took 145 MiB of heap after a collection, 104 after a second, 26 after this one (RSS
 * 199 → 70 MiB). The flag is V8's own (--compact-on-every-full-gc), on for this one collection
 * only: while the process works, V8's cheaper collections go on as before. A compacting pause of
 * a few tens of milliseconds is taken only when the process is quiet.
 */
export function compactingCollection(gc: () => void): () => void {
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}
