// The measurements of the runtime benchmark; runtimeBench.ts prints them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  applyEvent,
  compile,
  parseDefinition,
  startInstance,
  type Command,
  type WorkflowDefinitionInput,
} from '@flowline/engine';
import Database from 'libsql';
import { createAdjustableClock, systemClock, type Clock } from '../src/clock';
import { createConnectorRegistry } from '../src/connectors/registry';
import { silentLogger } from '../src/observability/logger';
import { BUNDLE_NODE_FLAGS } from '../../deploy/bundleRuntime';
import { RUNTIME_NODE_FLAGS } from '../src/processFlags';
import { createRuntimeCore, type RuntimeCore } from '../src/runtimeCore';
import { createSqliteStore } from '../src/store';
import { benchConnector, benchWorkflows } from './benchWorkflows';
import { bundleBenchProcess } from './bundleBenchProcess';

const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const endedListeners = new Map<string, () => void>();
const timerListeners = new Set<(lagMs: number) => void>();

/** A fresh runtime over a fresh SQLite file (synchronous=FULL, group commit), as `pnpm start` runs it. */
async function withRuntime<T>(
  fn: (core: RuntimeCore) => Promise<T>,
  clock: Clock = systemClock,
  options: { timerLookaheadMs?: number } = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-bench-'));
  const store = await createSqliteStore({ path: join(dir, 'bench.db') });
  const core = createRuntimeCore({
    store,
    clock,
    logger: silentLogger,
    connectors: [benchConnector],
    connections: { resolve: async () => ({}) },
    workerConcurrency: 256,
    ...options,
    onInstanceEnded: (i) => endedListeners.get(i.id)?.(),
    onTimerFired: (lag) => timerListeners.forEach((listener) => listener(lag)),
  });
  for (const [i, doc] of benchWorkflows.entries()) {
    await store.publishVersion({
      workflowId: doc.id,
      version: 1,
      definition: doc as never,
      publishedAt: i,
      publishedBy: 'bench',
    });
  }
  try {
    return await fn(core);
  } finally {
    await core.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Completed instances/s with `concurrency` instances in flight, started through the executor. */
export async function throughput(workflowId: string, total: number, concurrency: number): Promise<number> {
  return withRuntime(async (core) => {
    core.worker.start();
    let started = 0;
    let completed = 0;
    const begin = performance.now();
    await new Promise<void>((resolveAll) => {
      const startOne = async (): Promise<void> => {
        if (started >= total) return;
        started += 1;
        const id = `bench-${started}`;
        const ended = new Promise<void>((resolveEnded) => endedListeners.set(id, resolveEnded));
        await core.executor.start({ id, workflowId, input: { n: started }, trusted: true });
        await ended;
        endedListeners.delete(id);
        completed += 1;
        if (completed === total) resolveAll();
        else await startOne();
      };
      for (let i = 0; i < concurrency; i += 1) void startOne();
    });
    return total / ((performance.now() - begin) / 1000);
  });
}

/** The same workflow as pure transitions in memory, each state through JSON as the store keeps it. */
export function pureCeiling(definition: WorkflowDefinitionInput, total: number): number {
  const parsed = parseDefinition(definition);
  if (!parsed.ok) throw new Error('bench definition invalid');
  const machine = compile(parsed.value, createConnectorRegistry([benchConnector]).catalog());
  if (!machine.ok) throw new Error(JSON.stringify(machine.error));
  const answer = (command: Extract<Command, { type: 'job.start' }>) =>
    command.action === 'bench.transform' ? { doubled: Number(command.input['n']) * 2 } : { ok: true };
  const begin = performance.now();
  for (let i = 0; i < total; i += 1) {
    let step = startInstance(machine.value, { input: { n: i }, at: 0 });
    for (let at = 1; step.state.status !== 'done'; at += 1) {
      const job = step.commands.find((c) => c.type === 'job.start');
      if (!job) throw new Error('the workflow stopped without a job to answer');
      step = applyEvent(machine.value, JSON.parse(JSON.stringify(step.state)), {
        type: 'job.done',
        jobKey: job.jobKey,
        output: answer(job),
        at,
      });
    }
  }
  return total / ((performance.now() - begin) / 1000);
}

/** One 400-byte row per transaction, synchronous=FULL: what one commit costs on this disk. */
export function rawSqliteCommits(count: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  db.exec(
    'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)',
  );
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const body = 'x'.repeat(400);
  const begin = performance.now();
  for (let i = 0; i < count; i += 1) insert.run(body);
  const rate = count / ((performance.now() - begin) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

/** From a decision's call to its return, when the next approval's task record is already stored. */
export async function decisionLatency(samples: number) {
  return withRuntime(async (core) => {
    await core.store.createUser({
      id: 'ann',
      email: 'ann@example.com',
      name: 'Ann',
      passwordHash: 'x',
      roles: ['approver'],
      groups: [],
      disabled: false,
      createdAt: 0,
    });
    const ann = { id: 'ann', groups: [] as string[], roles: ['approver' as const] };
    const times: number[] = [];
    // The first 50 decisions warm the JIT up and are not counted.
    for (let i = -50; i < samples; i += 1) {
      const instance = await core.executor.start({
        workflowId: 'approve-then-task',
        input: {},
        trusted: true,
      });
      const begin = performance.now();
      await core.tasks.decide(`${instance.id}:ok#1#0`, ann, { outcome: 'approved' });
      if (i >= 0) times.push(performance.now() - begin);
      if (!(await core.store.getTask(`${instance.id}:next#1#0`))) throw new Error('next task not visible');
    }
    times.sort((a, b) => a - b);
    return { p50: pct(times, 0.5), p99: pct(times, 0.99) };
  });
}

export interface RssFigure {
  readonly waiting: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
}

/**
 * RSS (MiB) of a runtime process as `pnpm start` runs it (rssProcess.ts bundled as the server is,
 * run by plain node with `nodeFlags`; or, for comparison, the sources under tsx) after parking this
 * many instances at an approval, each with a task and a due-date timer; see rssProcess.ts. A
 * process of its own, so nothing of the bench or earlier cases is counted.
 */
export async function rssWithWaiting(
  counts: readonly number[],
  nodeFlags: readonly string[] = RUNTIME_NODE_FLAGS,
  run: 'bundle' | 'tsx' = 'bundle',
): Promise<RssFigure[]> {
  const source = fileURLToPath(new URL('./rssProcess.ts', import.meta.url));
  const bundle = run === 'bundle' ? await bundleBenchProcess(source) : undefined;
  const entry = bundle ? [...BUNDLE_NODE_FLAGS, bundle.script] : ['--import', 'tsx', source];
  const child = spawn(process.execPath, [...nodeFlags, ...entry, ...counts.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', () => bundle?.remove());
  const figures: RssFigure[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    // The server's own log lines are JSON too (a warning at start): only the figures count.
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as Partial<RssFigure>;
    if (typeof parsed.waiting === 'number') figures.push(parsed as RssFigure);
  }
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`the RSS process exited with ${code}`);
  return figures;
}

/**
 * Lag from the due time to `timer.fired` committed, with `count` timers due at the same instant,
 * fired by the runtime's own timer service as it runs (polling included). The instances are made
 * first with a due time far ahead; then the runtime's clock is moved so that it comes due
 * `noticeMs` after the service starts (a running runtime prepares steps up to its lookahead
 * before they are due; with little notice it has less time to).
 */
export async function timerLag(count: number, options: { noticeMs: number; lookaheadMs?: number }) {
  const clock = createAdjustableClock();
  return withRuntime(
    async (core) => {
      const dueAt = clock.now() + 3_600_000;
      for (let i = 0; i < count; i += 500) {
        await Promise.all(
          Array.from({ length: Math.min(500, count - i) }, () =>
            core.executor.start({
              workflowId: 'wait-until',
              input: { at: new Date(dueAt).toISOString() },
              trusted: true,
            }),
          ),
        );
      }
      const lags: number[] = [];
      let allFired = () => {};
      const done = new Promise<void>((resolve) => (allFired = resolve));
      const listener = (lag: number) => {
        lags.push(lag);
        if (lags.length === count) allFired();
      };
      timerListeners.add(listener);
      clock.advance(dueAt - clock.now() - options.noticeMs);
      const cpuAtStart = process.cpuUsage();
      core.timers.start();
      // CPU of this process while they fire (from the first fire on): on a shared machine the lag
      // also counts time the core gave to others, this does not.
      let cpuFrom: NodeJS.CpuUsage | undefined;
      const firstFire = (lag: number) => {
        if (lag >= 0) cpuFrom ??= process.cpuUsage();
      };
      timerListeners.add(firstFire);
      await done;
      const cpu = process.cpuUsage(cpuFrom);
      const cpuAll = process.cpuUsage(cpuAtStart);
      timerListeners.delete(listener);
      timerListeners.delete(firstFire);
      lags.sort((a, b) => a - b);
      const seconds = lags[lags.length - 1]! / 1000;
      const cpuMsPerFire = (cpu.user + cpu.system) / 1000 / lags.length;
      // With the steps prepared before the due time, what was spent then too.
      const cpuMsPerTimer = (cpuAll.user + cpuAll.system) / 1000 / lags.length;
      return {
        fired: lags.length,
        seconds,
        p50: pct(lags, 0.5),
        p99: pct(lags, 0.99),
        cpuMsPerFire,
        cpuMsPerTimer,
      };
    },
    clock,
    options.lookaheadMs === undefined ? {} : { timerLookaheadMs: options.lookaheadMs },
  );
}
