// Prints the runtime's figures: instances/s of a 5-step automated workflow beside the pure
// transition ceiling and the raw SQLite floor; decision latency; RSS with waiting instances;
// timer lag. Figures only; nothing here passes or fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAction, defineConnector } from '@flowline/connector-sdk';
import {
  applyEvent,
  compile,
  parseDefinition,
  startInstance,
  type WorkflowDefinitionInput,
} from '@flowline/engine';
import Database from 'libsql';
import { z } from 'zod';
import { systemClock } from '../src/clock';
import { silentLogger } from '../src/observability/logger';
import { createRuntimeCore } from '../src/runtimeCore';
import { createSqliteStore } from '../src/store';

const noop = defineConnector({
  id: 'bench',
  title: 'Bench',
  version: '1.0.0',
  actions: [
    defineAction({
      id: 'transform',
      title: 'Transform',
      description: 'Reshapes',
      input: z.object({ n: z.number() }),
      output: z.object({ doubled: z.number() }),
      run: async (_c, i) => ({ doubled: i.n * 2 }),
    }),
    defineAction({
      id: 'noop',
      title: 'No-op',
      description: 'Does nothing',
      input: z.object({ value: z.unknown().optional() }),
      output: z.object({ ok: z.boolean() }),
      run: async () => ({ ok: true }),
    }),
  ],
});

const fiveSteps: WorkflowDefinitionInput = {
  id: 'five-steps',
  name: 'Five steps',
  input: [{ key: 'n', label: 'N', type: 'number', required: true }],
  variables: [{ name: 'doubled' }],
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'shape',
      name: 'Transform',
      kind: 'task',
      action: 'bench.transform',
      input: { n: 'input.n' },
      output: { doubled: 'result.doubled' },
    },
    { id: 'route', name: 'Decide', kind: 'decision', conditions: [{ id: 'big', when: 'vars.doubled > 10' }] },
    { id: 'call', name: 'No-op', kind: 'task', action: 'bench.noop', input: { value: 'vars.doubled' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'shape' },
    { id: 'e2', source: 'shape', target: 'route' },
    { id: 'e3', source: 'route', sourceHandle: 'big', target: 'call' },
    { id: 'e4', source: 'route', sourceHandle: 'default', target: 'call' },
    { id: 'e5', source: 'call', target: 'done' },
  ],
};

const approval: WorkflowDefinitionInput = {
  id: 'approve-then-task',
  name: 'Approve then task',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'ok',
      name: 'Approve',
      kind: 'approval',
      title: 'Approve',
      assignees: [{ type: 'user', id: 'ann' }],
      due: { after: 'P7D', onTimeout: { type: 'outcome', outcome: 'rejected' } },
    },
    {
      id: 'next',
      name: 'Next',
      kind: 'approval',
      title: 'Next',
      assignees: [{ type: 'user', id: 'ann' }],
      due: { after: 'P7D', onTimeout: { type: 'outcome', outcome: 'rejected' } },
    },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ok' },
    { id: 'e2', source: 'ok', sourceHandle: 'approved', target: 'next' },
    { id: 'e3', source: 'ok', sourceHandle: 'rejected', target: 'done' },
    { id: 'e4', source: 'next', sourceHandle: 'approved', target: 'done' },
    { id: 'e5', source: 'next', sourceHandle: 'rejected', target: 'done' },
  ],
};

const waitOne: WorkflowDefinitionInput = {
  id: 'wait-one',
  name: 'Wait',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'w', name: 'Wait', kind: 'wait', wait: { type: 'duration', duration: 'PT2S' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'w' },
    { id: 'e2', source: 'w', target: 'done' },
  ],
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const rows: Record<string, string>[] = [];

const endedListeners = new Map<string, () => void>();

async function withRuntime<T>(fn: (core: ReturnType<typeof createRuntimeCore>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-bench-'));
  const store = await createSqliteStore({ path: join(dir, 'bench.db') });
  const core = createRuntimeCore({
    store,
    clock: systemClock,
    logger: silentLogger,
    connectors: [noop],
    connections: { resolve: async () => ({}) },
    workerConcurrency: 256,
    onInstanceEnded: (i) => endedListeners.get(i.id)?.(),
  });
  for (const [i, doc] of [fiveSteps, approval, waitOne].entries()) {
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

async function throughput(total: number, concurrency: number) {
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
        await core.executor.start({ id, workflowId: 'five-steps', input: { n: started }, trusted: true });
        await ended;
        endedListeners.delete(id);
        completed += 1;
        if (completed === total) resolveAll();
        else await startOne();
      };
      for (let i = 0; i < concurrency; i += 1) void startOne();
    });
    const seconds = (performance.now() - begin) / 1000;
    return total / seconds;
  });
}

function pureCeiling(total: number): number {
  const parsed = parseDefinition(fiveSteps);
  if (!parsed.ok) throw new Error('bench definition invalid');
  const catalog = {
    connectors: [
      {
        id: 'bench',
        title: 'Bench',
        actions: [
          { id: 'transform', title: 't', input: { type: 'object', properties: { n: {} } }, output: {} },
          { id: 'noop', title: 'n', input: { type: 'object', properties: { value: {} } }, output: {} },
        ],
      },
    ],
  };
  const machine = compile(parsed.value, catalog);
  if (!machine.ok) throw new Error(JSON.stringify(machine.error));
  const begin = performance.now();
  for (let i = 0; i < total; i += 1) {
    let step = startInstance(machine.value, { input: { n: i }, at: 0 });
    const job1 = step.commands[0] as { jobKey: string };
    step = applyEvent(machine.value, JSON.parse(JSON.stringify(step.state)), {
      type: 'job.done',
      jobKey: job1.jobKey,
      output: { doubled: i * 2 },
      at: 1,
    });
    const job2 = step.commands[0] as { jobKey: string };
    step = applyEvent(machine.value, JSON.parse(JSON.stringify(step.state)), {
      type: 'job.done',
      jobKey: job2.jobKey,
      output: { ok: true },
      at: 2,
    });
    if (step.state.status !== 'done') throw new Error('did not finish');
  }
  return total / ((performance.now() - begin) / 1000);
}

function rawSqliteCommits(count: number): number {
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

async function decisionLatency(samples: number) {
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
    const ann = { id: 'ann', groups: [] as string[] };
    const times: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const instance = await core.executor.start({
        workflowId: 'approve-then-task',
        input: {},
        trusted: true,
      });
      const task = `${instance.id}:ok#1#0`;
      const begin = performance.now();
      await core.tasks.decide(task, ann, { outcome: 'approved' });
      times.push(performance.now() - begin);
      // The next task is visible once decide returns:
      if (!(await core.store.getTask(`${instance.id}:next#1#0`))) throw new Error('next task not visible');
    }
    times.sort((a, b) => a - b);
    return { p50: pct(times, 0.5), p99: pct(times, 0.99) };
  });
}

async function rssWithWaiting(counts: number[]) {
  return withRuntime(async (core) => {
    const out: [number, number][] = [];
    let made = 0;
    for (const target of counts) {
      while (made < target) {
        const batch = Array.from({ length: Math.min(500, target - made) }, () =>
          core.executor.start({ workflowId: 'approve-then-task', input: {}, trusted: true }),
        );
        await Promise.all(batch);
        made += batch.length;
      }
      globalThis.gc?.();
      out.push([target, process.memoryUsage().rss / 1024 / 1024]);
    }
    return out;
  });
}

async function timerLag(count: number) {
  return withRuntime(async (core) => {
    const starts = [];
    for (let i = 0; i < count; i += 500) {
      starts.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(500, count - i) }, () =>
            core.executor.start({ workflowId: 'wait-one', input: {}, trusted: true }),
          ),
        )),
      );
    }
    const lags: number[] = [];
    const dueBy = Math.max(
      ...(await Promise.all(
        starts.slice(-1).map(async (s) => (await core.store.getInstance(s.id))!.createdAt + 2_000),
      )),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, dueBy - Date.now())));
    const timers = (await import('../src/timers/timerService')).createTimerService({
      store: core.store,
      clock: systemClock,
      logger: silentLogger,
      deliver: (id, e) => core.executor.send(id, e),
      onFired: (lag) => lags.push(lag),
    });
    const begin = performance.now();
    await timers.fireDue();
    const seconds = (performance.now() - begin) / 1000;
    lags.sort((a, b) => a - b);
    return { fired: lags.length, seconds, p50: pct(lags, 0.5), p99: pct(lags, 0.99) };
  });
}

async function main() {
  const quick = process.argv.includes('--quick');
  const n = quick ? 500 : 5_000;
  const rate = await throughput(n, 200);
  rows.push({
    measure: 'completed instances/s, 5-step automated workflow (SQLite, synchronous=FULL, group commit)',
    value: rate.toFixed(0),
    goal: '≥ 2,200',
  });
  rows.push({
    measure: 'ceiling: pure transition loop, same 5 steps, instances/s',
    value: pureCeiling(quick ? 1_000 : 10_000).toFixed(0),
    goal: '',
  });
  rows.push({
    measure: 'floor: raw SQLite commits/s (one 400-byte row per commit, FULL)',
    value: rawSqliteCommits(quick ? 500 : 3_000).toFixed(0),
    goal: '',
  });
  const latency = await decisionLatency(quick ? 100 : 1_000);
  rows.push({
    measure: 'approval decision → next task visible, p50 ms',
    value: latency.p50.toFixed(2),
    goal: '',
  });
  rows.push({
    measure: 'approval decision → next task visible, p99 ms',
    value: latency.p99.toFixed(2),
    goal: '≤ 5',
  });
  for (const [count, rss] of await rssWithWaiting(quick ? [1_000, 5_000] : [10_000, 50_000, 100_000])) {
    rows.push({
      measure: `RSS with ${count.toLocaleString('en')} waiting instances, MiB`,
      value: rss.toFixed(0),
      goal: 'flat',
    });
  }
  const lag = await timerLag(quick ? 1_000 : 10_000);
  rows.push({
    measure: `timer lag with ${lag.fired.toLocaleString('en')} timers due together, p50 ms`,
    value: lag.p50.toFixed(0),
    goal: '',
  });
  rows.push({
    measure: `timer lag with ${lag.fired.toLocaleString('en')} timers due together, p99 ms`,
    value: lag.p99.toFixed(0),
    goal: '',
  });
  console.table(rows);
}

void main();
