// Measures the durability floor of the embedded store on this machine:
//   pnpm exec tsx runtime/src/store/sqlite/commitBench.ts
// Raw single-row commits, then commitSteps in batches of 1, 10 and 50 (each step a realistic
// ~400-byte snapshot, one command, one history entry), all with synchronous=FULL. Last, mixed
// writes: 200 concurrent "instances" each doing createInstance, enqueueJob, claimJobs,
// commitSteps, completeJob and markDispatched one after another, with and without group commit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Store } from '../port';
import type { CommitStep, Instance } from '../schemas/instance';
import { SqlDatabase } from './database';
import { createSqliteStore } from './sqliteStore';

const INSTANCES = 1000;
const START = 1_750_000_000_000;
const snapshot = { value: 'approve', context: { requester: 'ada', notes: 'x'.repeat(300), n: 0 } };

function rate(count: number, startedAt: number): number {
  return Math.round(count / ((performance.now() - startedAt) / 1000));
}

function rawCommits(path: string, count: number): number {
  const db = SqlDatabase.open(path, 5000);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const body = JSON.stringify(snapshot);
  const startedAt = performance.now();
  for (let n = 0; n < count; n += 1) db.run('INSERT INTO bench_rows (body) VALUES (:body)', { body });
  const result = rate(count, startedAt);
  db.close();
  return result;
}

const newInstance = (id: string): Instance => ({
  id,
  workflowId: 'bench',
  version: 1,
  status: 'running',
  snapshot,
  rev: 1,
  input: {},
  currentNodes: ['approve'],
  correlationKeys: [],
  createdAt: START,
  updatedAt: START,
  outbox: [{ id: `${id}:1:0`, type: 'job.start', action: 'http.request' }],
});

/** One instance's life as the runtime writes it: six writes, each awaited before the next. */
async function oneInstance(store: Store, id: string): Promise<void> {
  await store.createInstance(newInstance(id), {
    history: [{ at: START, type: 'started', data: {} }],
  });
  await store.enqueueJob({
    id: `${id}:job`,
    instanceId: id,
    nodeId: 'approve',
    action: 'http.request',
    input: { n: 1 },
    attempt: 1,
    idempotencyKey: `${id}:job`,
    runAt: 0,
    timeoutMs: 1000,
  });
  // Claims come after their own enqueue committed, so there is always a queued job to take
  // (not necessarily this instance's own).
  const [claimed] = await store.claimJobs({ owner: 'bench', now: START, leaseMs: 60_000, limit: 1 });
  if (!claimed) throw new Error('A bench claim found no job.');
  const [result] = await store.commitSteps([
    {
      instanceId: id,
      expectedRev: 1,
      set: { snapshot, status: 'completed', currentNodes: [], correlationKeys: [], updatedAt: START + 1 },
      commands: [],
      history: [{ at: START + 1, type: 'job.done', nodeId: 'approve', data: { ok: true } }],
    },
  ]);
  if (!result?.ok) throw new Error('A bench step lost its rev check.');
  const done = await store.completeJob(claimed.id, claimed.leaseToken, {
    status: 'succeeded',
    output: { ok: true },
    finishedAt: START + 1,
  });
  if (!done) throw new Error('A bench job lost its lease.');
  await store.markDispatched(id, [`${id}:1:0`]);
}

async function mixedWrites(path: string, groupCommit: boolean, total: number, concurrency: number) {
  const store = await createSqliteStore({ path, groupCommit });
  let next = 0;
  const startedAt = performance.now();
  const lane = async (): Promise<void> => {
    while (next < total) await oneInstance(store, `mixed-${next++}`);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const instancesPerSecond = rate(total, startedAt);
  await store.close();
  return instancesPerSecond;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'flowline-bench-'));
  try {
    const path = join(directory, 'bench.db');
    const store = await createSqliteStore({ path });
    const revs = new Map<string, number>();
    for (let n = 0; n < INSTANCES; n += 1) {
      const id = `bench-${n}`;
      await store.createInstance(
        {
          id,
          workflowId: 'bench',
          version: 1,
          status: 'running',
          snapshot,
          rev: 1,
          input: {},
          currentNodes: ['approve'],
          correlationKeys: [],
          createdAt: START,
          updatedAt: START,
          outbox: [],
        },
        { history: [] },
      );
      revs.set(id, 1);
    }

    const rawCount = 2000;
    console.log(`raw single-row commits: ${rawCommits(join(directory, 'raw.db'), rawCount)} commits/s`);

    let cursor = 0;
    const nextStep = (): CommitStep => {
      const id = `bench-${cursor++ % INSTANCES}`;
      const rev = revs.get(id) ?? 1;
      revs.set(id, rev + 1);
      return {
        instanceId: id,
        expectedRev: rev,
        set: {
          snapshot,
          status: 'running',
          currentNodes: ['approve'],
          correlationKeys: [],
          updatedAt: START + rev,
        },
        commands: [{ id: `${id}:${rev + 1}:0`, type: 'job.start', action: 'http.request' }],
        history: [{ at: START + rev, type: 'job.done', nodeId: 'approve', data: { ok: true } }],
      };
    };

    for (const batchSize of [1, 10, 50]) {
      const transactions = batchSize === 1 ? 2000 : Math.max(200, Math.round(20_000 / batchSize));
      const startedAt = performance.now();
      for (let t = 0; t < transactions; t += 1) {
        // Distinct instances within a batch, as the executor would collect them.
        const batch = Array.from({ length: batchSize }, nextStep);
        const results = await store.commitSteps(batch);
        if (results.some((result) => !result.ok)) throw new Error('A bench step lost its rev check.');
      }
      const steps = transactions * batchSize;
      console.log(
        `commitSteps batch ${String(batchSize).padStart(2)}: ${rate(steps, startedAt)} steps/s ` +
          `(${transactions} transactions)`,
      );
    }
    await store.close();

    for (const groupCommit of [false, true]) {
      const total = groupCommit ? 10_000 : 500;
      const perSecond = await mixedWrites(
        join(directory, `mixed-${groupCommit}.db`),
        groupCommit,
        total,
        200,
      );
      console.log(
        `mixed writes, 200 concurrent instances x 6 writes, group commit ${groupCommit ? 'on ' : 'off'}: ` +
          `${perSecond} instances/s (${perSecond * 6} writes/s)`,
      );
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
