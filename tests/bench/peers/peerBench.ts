// `pnpm bench:peers`: Flowline and n8n side by side, through HTTP, on this machine, in one run.
// Not part of `pnpm test` or `pnpm bench` (it installs n8n once, minutes, into a cache outside the
// repository). Prints every figure as a range over interleaved rounds with the ratio Flowline/n8n,
// and the load average at each run: the machine is shared and noisy.
//   --seconds=N   length of each load run (default 10)
//   --rounds=N    interleaved rounds per figure (default 2)
//   --flowline-only, --only=flowline (or --only flowline)   skip n8n (no install needed)
//   --part=overload | --part=workloads   only Flowline under overload (50/100/200 clients, before
//                 and after bounded admission), or only the side-by-side workloads (default: both)
//   --backlog=N   limits.backlog.maxQueuedJobs of the bounded runtime in the overload figures
import { loadavg } from 'node:os';
import { freePort, killAllRuntimes } from '../../support/startRuntime';
import { pureCeiling, rawSqliteCommits, throughput } from '../../../runtime/bench/benchCases';
import { fiveSteps } from '../../../runtime/bench/benchWorkflows';
import { startEchoPeer } from './echoPeer';
import { flowlineBundle, startFlowline } from './flowlinePeer';
import { runLoad, type LoadResult } from './load';
import { overloadFigures } from './overloadFigures';
import { N8N_VARIANTS, N8N_VERSION, ensureN8n, n8nHome, startN8n } from './n8nPeer';
import { cpuMs, rssMiB } from './processes';
import { n8nFiveSteps, n8nWithCall } from './workflows';

/** Instances of each in-process run between the rounds. */
const IN_PROCESS_RUNS = 5_000;

const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
const SECONDS = Number(option('seconds') ?? 10);
const ROUNDS = Number(option('rounds') ?? 2);
const onlyAt = process.argv.indexOf('--only');
const ONLY = option('only') ?? (onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined);
if (ONLY !== undefined && ONLY !== 'flowline') throw new Error(`--only takes flowline, not ${ONLY}`);
const FLOWLINE_ONLY = process.argv.includes('--flowline-only') || ONLY === 'flowline';
const PART = option('part') ?? 'all';
const BACKLOG = option('backlog') ? { maxQueuedJobs: Number(option('backlog')) } : {};
if (!['all', 'overload', 'workloads'].includes(PART))
  throw new Error(`--part takes overload or workloads, not ${PART}`);
const CONCURRENCY = [10, 50, 100];
const MODERATE_RATE = Number(option('rate') ?? 50);
const WAIT_MS = 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Contender {
  readonly name: string;
  /** The webhook URL of each workload. */
  readonly urls: Record<Workload, string>;
  readonly finished: (body: string) => boolean;
  pid(): number | undefined;
  databaseBytes(): number;
  executions: number;
}
type Workload = 'five steps' | 'five steps + HTTP call';
const WORKLOADS: readonly Workload[] = ['five steps', 'five steps + HTTP call'];

async function main() {
  log(
    `Flowline vs n8n ${N8N_VERSION}, ${new Date().toISOString()}, Node ${process.version}, ${SECONDS} s per run, ${ROUNDS} rounds`,
  );
  // Flowline runs as `pnpm start` runs it: the runtime bundle, built (when stale) before any run.
  await flowlineBundle();
  if (PART === 'overload') {
    const peer = await startEchoPeer();
    try {
      await overloadFigures({ peerUrl: peer.url, seconds: SECONDS, rounds: ROUNDS, log, load, ...BACKLOG });
    } finally {
      await killAllRuntimes();
      await peer.close();
    }
    return;
  }
  if (!FLOWLINE_ONLY) ensureN8n(log);
  const peer = await startEchoPeer();
  const contenders: Contender[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const flowline = await startFlowline(peer.url);
    stops.push(flowline.stop);
    const query = `?wait=${WAIT_MS}`;
    contenders.push({
      name: 'Flowline',
      urls: {
        'five steps': `${flowline.url}/api/webhooks/peer-five-steps${query}`,
        'five steps + HTTP call': `${flowline.url}/api/webhooks/peer-http-call${query}`,
      },
      finished: (body) => body.includes('"status":"completed"'),
      pid: () => flowline.runtime.pid(),
      databaseBytes: flowline.databaseBytes,
      executions: 0,
    });
    log(
      `Flowline: ${JSON.stringify(flowline.settings)}; SQLite in WAL mode, every commit answered only after its WAL is synced to disk (synchronous=NORMAL with an fdatasync off the event loop), every step and its history kept`,
    );
    if (!FLOWLINE_ONLY) {
      for (const variant of N8N_VARIANTS) {
        const n8n = await startN8n(variant, await freePort(), [n8nFiveSteps(), n8nWithCall(peer.url)]);
        stops.push(n8n.stop);
        contenders.push({
          name: variant.name,
          urls: {
            'five steps': `${n8n.url}/webhook/peer-five-steps`,
            'five steps + HTTP call': `${n8n.url}/webhook/peer-http-call`,
          },
          // The last node's output: the set fields, or the peer's answer to the HTTP call.
          finished: (body) => body.includes('"doubled"') || body.includes('"ok":true'),
          pid: () => n8n.child.process.pid,
          databaseBytes: n8n.databaseBytes,
          executions: 0,
        });
        log(
          `${variant.name}: ${JSON.stringify(n8n.settings)}; journal mode: ${n8n.journalMode()} (installed in ${n8nHome()})`,
        );
      }
    }

    // Warm-up: JIT, caches and first database pages, not counted.
    for (const c of contenders)
      for (const w of WORKLOADS)
        c.executions += (
          await runLoad({ url: c.urls[w], connections: 10, seconds: 3, finished: c.finished })
        ).completed;

    const inProcessRuns: number[] = [];
    const httpShares: number[] = [];
    // The same share by CPU per execution, which the machine's other load disturbs less.
    const cpuShares: number[] = [];
    let lastFlowlineCpuMs = 0;
    const figures = new Map<string, Map<string, number[]>>();
    const record = (measure: string, contender: string, value: number) => {
      const byContender = figures.get(measure) ?? new Map<string, number[]>();
      figures.set(measure, byContender);
      byContender.set(contender, [...(byContender.get(contender) ?? []), value]);
    };
    const run = async (
      c: Contender,
      w: Workload,
      connections: number,
      rate?: number,
    ): Promise<LoadResult> => {
      c.executions += await quiet(c.urls[w]);
      const before = load();
      const pid = c.pid();
      const cpuBefore = pid ? cpuMs(pid) : 0;
      const began = performance.now();
      const result = await runLoad({
        url: c.urls[w],
        connections,
        seconds: SECONDS,
        ...(rate ? { rate } : {}),
        finished: c.finished,
      });
      c.executions += result.completed;
      const cpu = pid ? cpuMs(pid) - cpuBefore : 0;
      const core = cpu / (performance.now() - began);
      if (!rate && result.completed > 0) {
        record(`${w}: server CPU ms per execution, ${connections} clients`, c.name, cpu / result.completed);
        if (c.name === 'Flowline') lastFlowlineCpuMs = cpu / result.completed;
        record(`${w}: server CPU, % of one core, ${connections} clients`, c.name, core * 100);
      }
      if (result.firstFailure)
        log(`  ${c.name}: ${result.failed} answers were not a finished run, e.g. ${result.firstFailure}`);
      log(
        `  ${c.name.padEnd(14)} ${w.padEnd(24)} ${rate ? `${rate}/s fixed` : `${connections} clients`}: ${result.completedPerSecond.toFixed(0)}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, failed ${result.failed}; server CPU ${(core * 100).toFixed(0)}% of a core; load ${before}`,
      );
      return result;
    };
    for (const w of WORKLOADS) {
      for (const connections of CONCURRENCY) {
        for (let round = 0; round < ROUNDS; round += 1) {
          let fastest = 0;
          for (const c of contenders) {
            const result = await run(c, w, connections);
            record(`${w}: completed executions/s, ${connections} clients`, c.name, result.completedPerSecond);
            if (c.name === 'Flowline') fastest = result.completedPerSecond;
          }
          // The in-process figure of the same workflow in the same round: HTTP's share of it.
          if (w === 'five steps' && connections >= 50) {
            const cpuBefore = process.cpuUsage();
            const inProcess = await throughput('five-steps', IN_PROCESS_RUNS, 100);
            const cpu = process.cpuUsage(cpuBefore);
            // Of this whole process (set-up of its store included): an upper bound.
            const inProcessCpuMs = (cpu.user + cpu.system) / 1000 / IN_PROCESS_RUNS;
            log(
              `  in process, 100 in flight: ${inProcess.toFixed(0)}/s, CPU ${inProcessCpuMs.toFixed(3)} ms per execution; load ${load()}`,
            );
            inProcessRuns.push(inProcess);
            httpShares.push(fastest / inProcess);
            if (lastFlowlineCpuMs > 0) cpuShares.push(inProcessCpuMs / lastFlowlineCpuMs);
          }
        }
      }
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const c of contenders) {
          const result = await run(c, w, 10, MODERATE_RATE);
          record(`${w}: latency p50 ms at ${MODERATE_RATE}/s`, c.name, result.p50Ms);
          record(`${w}: latency p99 ms at ${MODERATE_RATE}/s`, c.name, result.p99Ms);
        }
      }
    }
    for (const c of contenders) {
      const pid = c.pid();
      if (pid) record('RSS after the run, MiB', c.name, rssMiB(pid));
      record(
        'database size per 10,000 executions, MiB',
        c.name,
        ((c.databaseBytes() / Math.max(1, c.executions)) * 10_000) / 2 ** 20,
      );
    }
    printTable(
      figures,
      contenders.map((c) => c.name),
    );
    if (inProcessRuns.length > 0)
      log(
        `\nThe same 5 steps in process (runtime/bench, 100 in flight), run between the rounds above: ${range(inProcessRuns)}/s; Flowline through HTTP (50 or 100 clients) reached ${range(httpShares.map((share) => share * 100))} % of the in-process figure of its round` +
          (cpuShares.length > 0
            ? `; by CPU per execution (in process ÷ the HTTP server's, same round) ${range(cpuShares.map((share) => share * 100))} %`
            : ''),
      );
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    if (PART === 'all')
      await overloadFigures({ peerUrl: peer.url, seconds: SECONDS, rounds: ROUNDS, log, load, ...BACKLOG });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await killAllRuntimes();
    await peer.close();
  }

  log('\nThe ceiling and the disk floor beside them (runtime/bench):');
  log(`  ceiling, pure transitions in memory, instances/s: ${pureCeiling(fiveSteps, 5_000).toFixed(0)}`);
  log(`  floor, raw SQLite commits/s (synchronous=FULL): ${rawSqliteCommits(2_000).toFixed(0)}`);
}

/** Requests the last run left in flight finish first: one request answered alone starts the next run. */
async function quiet(url: string): Promise<number> {
  let sent = 0;
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const started = Date.now();
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 7 }),
    }).catch(() => undefined);
    await answer?.text();
    if (answer?.ok) sent += 1;
    if (answer?.ok && Date.now() - started < 1_000) return sent;
    await new Promise((r) => setTimeout(r, 500));
  }
  return sent;
}

const range = (values: readonly number[] | undefined) => {
  if (!values || values.length === 0) return '—';
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const f = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
};

function printTable(figures: Map<string, Map<string, number[]>>, names: readonly string[]) {
  const rows = [['measure', ...names, ...names.slice(1).map((n) => `Flowline / ${n}`)]];
  for (const [measure, byContender] of figures) {
    const ours = byContender.get('Flowline') ?? [];
    const ratios = names.slice(1).map((n) => {
      const theirs = byContender.get(n) ?? [];
      if (ours.length === 0 || theirs.length === 0) return '—';
      // The ratio's range: our worst over their best, to our best over their worst.
      const lo = Math.min(...ours) / Math.max(...theirs);
      const hi = Math.max(...ours) / Math.min(...theirs);
      return lo.toFixed(2) === hi.toFixed(2) ? `${lo.toFixed(2)}×` : `${lo.toFixed(2)}–${hi.toFixed(2)}×`;
    });
    rows.push([measure, ...names.map((n) => range(byContender.get(n))), ...ratios]);
  }
  log('');
  for (const row of rows) log(`| ${row.join(' | ')} |`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
