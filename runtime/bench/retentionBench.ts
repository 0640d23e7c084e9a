// Prune throughput and the event loop while pruning: N ended instances (10 history entries each)
// past their retention are removed, in the retention service's batches, while the same runtime
// keeps running the 5-step workflow. Printed beside the same load without pruning, with the load
// average at each figure (the machine is shared). Figures only; nothing passes or fails.
//   pnpm --filter @flowline/runtime bench:retention [--instances=10000] [--batch=200] [--pause=10]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../src/clock';
import { silentLogger } from '../src/observability/logger';
import { prunePasses } from '../src/retention/prunePasses';
import { runPrune } from '../src/retention/pruneRun';
import { createRuntimeCore } from '../src/runtimeCore';
import { createSqliteStore, type RetentionMode, type Store } from '../src/store';
import { benchConnector, benchWorkflows } from './benchWorkflows';

const DAY = 86_400_000;
const option = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const INSTANCES = option('instances', 10_000);
const BATCH = option('batch', 200);
const PAUSE_MS = option('pause', 10);
const IN_FLIGHT = 20;
const load = () => loadavg()[0]!.toFixed(2);

/** Ended instances, 40 days old, with `entries` history entries each, written in group commits. */
async function seed(store: Store, count: number, entries: number): Promise<void> {
  const at = Date.now() - 40 * DAY;
  for (let from = 0; from < count; from += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - from) }, (_, k) => {
        const id = `old-${from + k}`;
        return store.createInstance(
          {
            id,
            workflowId: 'five-steps',
            version: 1,
            status: 'completed',
            snapshot: { value: 'done', context: { input: { n: from + k }, vars: { doubled: 2 } } },
            rev: entries,
            input: { n: from + k },
            output: { doubled: 2 },
            currentNodes: [],
            correlationKeys: [],
            createdAt: at,
            updatedAt: at,
            outbox: [],
          },
          {
            history: Array.from({ length: entries }, (_, n) => ({
              at: at + n,
              type: n === 0 ? 'started' : 'step',
              nodeId: `node-${n}`,
              data: { n, note: 'a step of an ended instance' },
            })),
          },
        );
      }),
    );
  }
}

interface Window {
  ms: number;
  completed: number;
  delayMaxMs: number;
  delayP99Ms: number;
  load: string;
}

async function measureMode(mode: RetentionMode, withLoad: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-retention-bench-'));
  const store = await createSqliteStore({ path: join(dir, 'bench.db') });
  let completed = 0;
  const ended = new Map<string, () => void>();
  const core = createRuntimeCore({
    store,
    clock: systemClock,
    logger: silentLogger,
    connectors: [benchConnector],
    connections: { resolve: async () => ({}) },
    workerConcurrency: 64,
    onInstanceEnded: (i) => ended.get(i.id)?.(),
  });
  for (const [i, doc] of benchWorkflows.entries())
    await store.publishVersion({
      workflowId: doc.id,
      version: 1,
      definition: doc as never,
      publishedAt: i,
      publishedBy: 'bench',
    });
  try {
    const seedBegin = performance.now();
    await seed(store, INSTANCES, 10);
    const seedSeconds = (performance.now() - seedBegin) / 1000;
    core.worker.start();

    // The runtime's own work: IN_FLIGHT five-step instances at a time, until told to stop.
    let running = true;
    let next = 0;
    const loop = async (): Promise<void> => {
      while (running) {
        const id = `live-${(next += 1)}`;
        const done = new Promise<void>((resolve) => ended.set(id, resolve));
        await core.executor.start({ id, workflowId: 'five-steps', input: { n: next }, trusted: true });
        await done;
        ended.delete(id);
        completed += 1;
      }
    };
    const loops = withLoad ? Array.from({ length: IN_FLIGHT }, loop) : [];

    const window = async (work: () => Promise<void>): Promise<Window> => {
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      const before = completed;
      histogram.enable();
      const begin = performance.now();
      await work();
      const ms = performance.now() - begin;
      histogram.disable();
      return {
        ms,
        completed: completed - before,
        delayMaxMs: histogram.max / 1e6,
        delayP99Ms: histogram.percentile(99) / 1e6,
        load: load(),
      };
    };

    await new Promise((resolve) => setTimeout(resolve, 1000)); // warm-up
    const baseline = await window(() => new Promise((resolve) => setTimeout(resolve, 3000)));
    let longestBatchMs = 0;
    const timed: Store = {
      ...store,
      async pruneInstances(ids, endedBefore) {
        const begin = performance.now();
        const removed = await store.pruneInstances(ids, endedBefore);
        longestBatchMs = Math.max(longestBatchMs, performance.now() - begin);
        return removed;
      },
    };
    let deleted = 0;
    const pruning = await window(async () => {
      const [outcome] = await runPrune(
        {
          store: timed,
          now: Date.now,
          batchSize: BATCH,
          pauseMs: PAUSE_MS,
          archiveDir: join(dir, 'archive'),
        },
        prunePasses({ endedInstancesDays: 30, mode }, [], Date.now()),
      );
      deleted = outcome?.deleted ?? 0;
    });
    running = false;
    await Promise.all(loops);
    return { mode, withLoad, seedSeconds, baseline, pruning, deleted, longestBatchMs };
  } finally {
    await core.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    `retention bench: ${INSTANCES} ended instances × 10 history entries, batches of ${BATCH}, ` +
      `${PAUSE_MS} ms between batches, while ${IN_FLIGHT} five-step instances run at a time (SQLite, as pnpm start opens it)\n`,
  );
  const perSecond = (count: number, ms: number) => ((count / ms) * 1000).toFixed(0);
  for (const mode of ['delete', 'archive'] as const) {
    for (const withLoad of [false, true]) {
      const r = await measureMode(mode, withLoad);
      console.log(
        `mode ${r.mode}, ${withLoad ? `while the runtime runs instances` : 'alone'} (seeded in ${r.seedSeconds.toFixed(1)} s)`,
      );
      console.log(
        `  pruned ${r.deleted} in ${(r.pruning.ms / 1000).toFixed(2)} s: ${perSecond(r.deleted, r.pruning.ms)} instances/s ` +
          `(longest batch write, queue and fsync included: ${r.longestBatchMs.toFixed(1)} ms)  load ${r.pruning.load}`,
      );
      console.log(
        `  event-loop delay while pruning: max ${r.pruning.delayMaxMs.toFixed(1)} ms, p99 ${r.pruning.delayP99Ms.toFixed(1)} ms; ` +
          `before, for 3 s: max ${r.baseline.delayMaxMs.toFixed(1)} ms, p99 ${r.baseline.delayP99Ms.toFixed(1)} ms  load ${r.baseline.load}`,
      );
      if (withLoad)
        console.log(
          `  five-step instances completed/s while pruning ${perSecond(r.pruning.completed, r.pruning.ms)}, ` +
            `before ${perSecond(r.baseline.completed, r.baseline.ms)}`,
        );
      console.log('');
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
