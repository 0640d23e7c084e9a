// Prints the runtime's figures: instances/s of a 5-step automated workflow beside the pure
// transition ceiling and the raw SQLite floor; decision latency; RSS with waiting instances;
// timer lag. Figures only; nothing here passes or fails.
//   --quick        smaller counts (a smoke run)
//   --only=a,b     just these groups: throughput, latency, rss, timers, statistics, replicas, steps
//                  (steps: per-step overhead, a chain of 20 no-op steps beside a chain of 1)
//                  (replicas: 1, 2 and 3 runtime processes on one store; `pnpm bench:replicas`
//                  runs it alone, on MongoDB when FLOWLINE_STORE=mongodb and FLOWLINE_MONGODB_URI are set)
//   --in-flight=N  instances in flight in the throughput runs (default 100)
//   --rss-tsx      the rss group also measures the sources under tsx (pnpm start before it ran the bundle)
import { loadavg } from 'node:os';
import {
  decisionLatency,
  pureCeiling,
  rawSqliteCommits,
  rssWithWaiting,
  throughput,
  timerLag,
} from './benchCases';
import { RUNTIME_NODE_FLAGS } from '../src/processFlags';
import { fiveSteps, fiveStepsTransformByConnector } from './benchWorkflows';
import { replicaRows } from './replicaBench';
import { stepOverhead } from './stepOverhead';
import { statisticsTimings } from './statisticsBench';

const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
const quick = process.argv.includes('--quick');
const only = option('only')?.split(',');
const wanted = (group: string) => !only || only.includes(group);
const rows: { measure: string; value: string; goal: string }[] = [];
const row = (measure: string, value: string, goal = '') => rows.push({ measure, value, goal });

// Instances in flight: enough to fill group commits, as many concurrent requests would.
const IN_FLIGHT = Number(option('in-flight') ?? 100);

async function main() {
  if (wanted('throughput')) {
    const n = quick ? 1_000 : 10_000;
    // A throwaway run first: JIT warm-up would otherwise count against the first figure.
    await throughput('five-steps', quick ? 200 : 2_000, IN_FLIGHT);
    row(
      `completed instances/s, 5-step workflow (trigger → transform → decision → no-op task → end), ${IN_FLIGHT} in flight`,
      (await throughput('five-steps', n, IN_FLIGHT)).toFixed(0),
      '≥ 2,200',
    );
    row(
      'ceiling: the same workflow as pure transitions in memory, instances/s',
      pureCeiling(fiveSteps, n).toFixed(0),
    );
    row(
      'same 5 steps with the transform as a connector call (2 jobs, 3 commits), instances/s',
      (await throughput('five-steps-connector-transform', n, IN_FLIGHT)).toFixed(0),
    );
    row(
      'its ceiling: pure transitions in memory, instances/s',
      pureCeiling(fiveStepsTransformByConnector, n).toFixed(0),
    );
    row(
      'floor: raw SQLite commits/s (one 400-byte row per commit, synchronous=FULL)',
      rawSqliteCommits(quick ? 500 : 3_000).toFixed(0),
    );
  }
  if (wanted('latency')) {
    const latency = await decisionLatency(quick ? 100 : 1_000);
    row('approval decision → next task visible, p50 ms', latency.p50.toFixed(2));
    row('approval decision → next task visible, p99 ms', latency.p99.toFixed(2), '≤ 5');
  }
  if (wanted('rss')) {
    const counts = quick ? [1_000, 5_000] : [10_000, 50_000, 100_000];
    // As `pnpm start` runs the server (the esbuild bundle under plain node), with the runtime's heap
    // settings against node's defaults, in the same run (the machine is shared); --rss-tsx adds
    // the sources under tsx, as `pnpm start` ran them before, for comparison.
    for (const [flags, run, label] of [
      [RUNTIME_NODE_FLAGS, 'bundle', 'bundle under node as pnpm start runs it, runtime heap settings'],
      [[], 'bundle', "bundle under node, node's default heap settings"],
      ...(process.argv.includes('--rss-tsx')
        ? ([[RUNTIME_NODE_FLAGS, 'tsx', 'sources under tsx, runtime heap settings']] as const)
        : []),
    ] as const) {
      const load = loadavg()[0]!.toFixed(2);
      for (const figure of await rssWithWaiting(counts, flags, run)) {
        row(
          `RSS with ${figure.waiting.toLocaleString('en')} waiting instances (${label}), MiB; heap used / total`,
          `${figure.rss.toFixed(0)}; ${figure.heapUsed.toFixed(0)} / ${figure.heapTotal.toFixed(0)}`,
          figure.waiting === 100_000 ? `≤ 150 (load ${load})` : `load ${load}`,
        );
      }
    }
  }
  if (wanted('timers')) {
    const count = quick ? 1_000 : 10_000;
    // Running when the deadline comes (the runtime's usual case: steps prepared ahead), then with
    // half a second's notice, then with steps computed only when due (lookahead 0).
    for (const [label, noticeMs, lookaheadMs] of [
      ['running 6 s before', 6_000, undefined],
      ['0.5 s notice', 500, undefined],
      ['lookahead 0', 6_000, 0],
    ] as const) {
      const load = loadavg()[0]!.toFixed(2);
      const lag = await timerLag(count, { noticeMs, ...(lookaheadMs === undefined ? {} : { lookaheadMs }) });
      const due = `${lag.fired.toLocaleString('en')} timers due together, ${label}`;
      row(`timer lag with ${due}, p50 ms`, lag.p50.toFixed(0), `load ${load}`);
      row(
        `timer lag with ${due}, p99 ms`,
        lag.p99.toFixed(0),
        label === 'running 6 s before' ? '≤ 1,000' : '',
      );
      row(`timers fired per second with ${due}`, (lag.fired / lag.seconds).toFixed(0));
      row(
        `CPU per timer with ${due}, ms (this process, all threads): once due / in all, preparing included`,
        `${lag.cpuMsPerFire.toFixed(3)} / ${lag.cpuMsPerTimer.toFixed(3)}`,
      );
    }
  }
  if (wanted('statistics')) {
    const figures = await statisticsTimings(quick ? 10_000 : 100_000);
    const size = `${figures.instances.toLocaleString('en')} instances, ${figures.history.toLocaleString('en')} history entries, ${figures.tasks.toLocaleString('en')} tasks`;
    row(
      `statistics store seeded in bulk (${size}), s / MiB`,
      `${figures.seedSeconds.toFixed(1)} / ${figures.databaseMiB.toFixed(0)}`,
    );
    for (const call of figures.calls) {
      row(
        `${call.call} (${call.rows}), first / median ms`,
        `${call.firstMs.toFixed(1)} / ${call.medianMs.toFixed(1)}`,
        '≤ 300',
      );
    }
  }
  if (wanted('steps')) {
    for (const kind of ['task', 'transform'] as const) {
      for (const inFlight of [1, IN_FLIGHT]) {
        const { msPerStep } = await stepOverhead(kind, quick ? 100 : 1_000, inFlight);
        row(
          `per-step overhead, no-op ${kind === 'task' ? 'task (a job and a commit each)' : 'transform (inside the step before)'}, ${inFlight} in flight, ms (load ${loadavg()[0]!.toFixed(2)})`,
          msPerStep.toFixed(3),
          '≤ 1',
        );
      }
    }
  }
  if (wanted('replicas')) {
    for (const { measure, value } of await replicaRows(quick ? 1_000 : 5_000, IN_FLIGHT)) row(measure, value);
  }
  console.table(rows);
}

void main();
