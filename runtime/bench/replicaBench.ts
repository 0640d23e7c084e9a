// The runtime benchmark's workload (the 5-step workflow, instances started through the executor
// with many in flight) run by one, two and three runtime processes on one shared store: how many
// instances per second they complete together, and which resource runs out: each process's CPU,
// or the store's single write lock (SQLite: time in BEGIN IMMEDIATE and holding the lock).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchWorkflows } from './benchWorkflows';
import { benchStoreKind, dropBenchDatabase, openBenchStore, type BenchStoreKind } from './replicaStore';
import type { WorkerOrder, WorkerReport } from './replicaWorker';

const WORKER = fileURLToPath(new URL('./replicaWorker.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ReplicaFigures {
  readonly store: BenchStoreKind;
  readonly processes: number;
  readonly instancesPerSecond: number;
  /** Each process's CPU time over its run, as a share of one core. */
  readonly cpuPerProcess: readonly number[];
  /** Each process's time blocked waiting for the write lock, as a share of its run (SQLite). */
  readonly lockWaitPerProcess: readonly number[];
  /** Share of the whole run during which some process held the write lock (SQLite): 1 = saturated. */
  readonly lockHeld: number;
  readonly transactions: number;
}

type Message = { ready?: true; report?: WorkerReport };

function startWorker(where: string): Promise<{ child: ChildProcess; next: () => Promise<Message> }> {
  const child = fork(WORKER, [where], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Message[] = [];
  const waiting: ((m: Message) => void)[] = [];
  child.on('message', (m: Message) => {
    const waiter = waiting.shift();
    if (waiter) waiter(m);
    else inbox.push(m);
  });
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const queued = inbox.shift();
      if (queued) return resolve(queued);
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`a benchmark process exited (${code})`)));
    });
  return next().then(() => ({ child, next }));
}

/** One run: `processes` runtime processes on one fresh store complete `total` instances together. */
export async function replicaThroughput(
  processes: number,
  total: number,
  inFlight: number,
  workflowId = 'five-steps',
): Promise<ReplicaFigures> {
  const kind = benchStoreKind();
  const dir = mkdtempSync(join(tmpdir(), 'flowline-replicas-'));
  const where =
    kind === 'sqlite' ? join(dir, 'bench.db') : `flowline_bench_${randomBytes(6).toString('hex')}`;
  const setup = await openBenchStore(kind, where);
  for (const [i, doc] of benchWorkflows.entries()) {
    await setup.publishVersion({
      workflowId: doc.id,
      version: 1,
      definition: doc as never,
      publishedAt: i,
      publishedBy: 'bench',
    });
  }
  await setup.close();
  const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(where)));
  try {
    const share = Math.floor(total / processes);
    const orders: WorkerOrder[] = workers.map((_, i) => ({
      workflowId,
      prefix: `p${i}`,
      count: i === 0 ? total - share * (processes - 1) : share,
      // The same number in flight overall, however many processes share it.
      inFlight: Math.max(1, Math.round(inFlight / processes)),
    }));
    workers.forEach((w, i) => w.child.send({ order: orders[i] }));
    const reports = (await Promise.all(workers.map((w) => w.next()))).map((m) => m.report!);
    const begin = Math.min(...reports.map((r) => r.startedAt));
    const end = Math.max(...reports.map((r) => r.endedAt));
    const wallMs = end - begin;
    const completed = reports.reduce((sum, r) => sum + r.completed, 0);
    return {
      store: kind,
      processes,
      instancesPerSecond: completed / (wallMs / 1000),
      cpuPerProcess: reports.map((r) => r.cpuMs / (r.endedAt - r.startedAt)),
      lockWaitPerProcess: reports.map((r) => r.lockWaitMs / (r.endedAt - r.startedAt)),
      lockHeld: reports.reduce((sum, r) => sum + r.lockHeldMs, 0) / wallMs,
      transactions: reports.reduce((sum, r) => sum + r.transactions, 0),
    };
  } finally {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.child.once('exit', () => resolve());
            w.child.send({ stop: true });
          }),
      ),
    );
    if (kind === 'mongodb') await dropBenchDatabase(where);
    rmSync(dir, { recursive: true, force: true });
  }
}

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

/** The table rows for 1, 2 and 3 processes. */
export async function replicaRows(total: number, inFlight: number) {
  // A throwaway run first: the workers' JIT warm-up would otherwise count against one process.
  await replicaThroughput(1, Math.min(total, 1_000), inFlight);
  const rows: { measure: string; value: string }[] = [];
  for (const processes of [1, 2, 3]) {
    const f = await replicaThroughput(processes, total, inFlight);
    const label = `${processes} runtime process${processes > 1 ? 'es' : ''} on one ${f.store === 'sqlite' ? 'SQLite file' : 'MongoDB database'}`;
    rows.push({
      measure: `${label}: completed instances/s, 5-step workflow, ${inFlight} in flight`,
      value: f.instancesPerSecond.toFixed(0),
    });
    rows.push({
      measure: `${label}: CPU per process (share of one core)`,
      value: f.cpuPerProcess.map(percent).join(' / '),
    });
    if (f.store === 'sqlite') {
      rows.push({
        measure: `${label}: waiting for the write lock (share of each process's run)`,
        value: f.lockWaitPerProcess.map(percent).join(' / '),
      });
      rows.push({
        measure: `${label}: write lock held (share of the run; 100% = saturated), transactions`,
        value: `${percent(f.lockHeld)}, ${f.transactions}`,
      });
    }
  }
  // CPU shares below one core with nothing else saturated mean the machine's CPU is shared.
  rows.push({
    measure: 'machine: load average (1 min) at the end of the runs, on this many cores',
    value: `${loadavg()[0]!.toFixed(1)} on ${cpus().length}`,
  });
  return rows;
}

// `pnpm bench:replicas` (FLOWLINE_STORE=mongodb with FLOWLINE_MONGODB_URI for the MongoDB variant).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  console.table(await replicaRows(quick ? 1_000 : 10_000, 100));
}
