// One runtime process of the replica benchmark (replicaBench.ts forks it): a runtime core on the
// shared store, told over IPC when to start its share of instances; reports its throughput, its
// CPU time and, on SQLite, how long it waited for and held the database's write lock.
import { systemClock } from '../src/clock';
import { silentLogger } from '../src/observability/logger';
import { createRuntimeCore } from '../src/runtimeCore';
import { SqlDatabase } from '../src/store/sqlite/database';
import { benchConnector } from './benchWorkflows';
import { benchStoreKind, openBenchStore } from './replicaStore';

export interface WorkerOrder {
  readonly workflowId: string;
  readonly prefix: string;
  readonly count: number;
  readonly inFlight: number;
}

export interface WorkerReport {
  readonly completed: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** CPU time (user + system) over the run, ms. */
  readonly cpuMs: number;
  /** Time spent in BEGIN IMMEDIATE, waiting for the write lock (the binding blocks while it waits), ms. */
  readonly lockWaitMs: number;
  /** Time from holding the write lock to COMMIT, ms. */
  readonly lockHeldMs: number;
  readonly transactions: number;
}

// The SQLite binding is synchronous: BEGIN IMMEDIATE blocks this process until the write lock
// is free, so timing it measures the lock wait exactly, in the same code the store runs (single
// writes and group commits both go through SqlDatabase.exec); held runs until COMMIT returns,
// its fsync included.
const lock = { waitMs: 0, heldMs: 0, count: 0 };
let heldSince: number | undefined;
const originalExec = SqlDatabase.prototype.exec;
SqlDatabase.prototype.exec = function timed(this: SqlDatabase, sql: string): void {
  const begin = performance.now();
  originalExec.call(this, sql);
  const end = performance.now();
  if (sql === 'BEGIN IMMEDIATE') {
    lock.waitMs += end - begin;
    heldSince = end;
  } else if ((sql === 'COMMIT' || sql === 'ROLLBACK') && heldSince !== undefined) {
    lock.heldMs += end - heldSince;
    lock.count += 1;
    heldSince = undefined;
  }
};

const where = process.argv[2]!;
const store = await openBenchStore(benchStoreKind(), where);
const ended = new Map<string, () => void>();
const core = createRuntimeCore({
  store,
  clock: systemClock,
  logger: silentLogger,
  connectors: [benchConnector],
  connections: { resolve: async () => ({}) },
  workerConcurrency: 256,
  onInstanceEnded: (i) => ended.get(i.id)?.(),
});
await core.start();

async function run(order: WorkerOrder): Promise<WorkerReport> {
  Object.assign(lock, { waitMs: 0, heldMs: 0, count: 0 });
  const cpu = process.cpuUsage();
  const startedAt = Date.now();
  let next = 0;
  let completed = 0;
  const one = async (): Promise<void> => {
    while (next < order.count) {
      next += 1;
      const id = `${order.prefix}-${next}`;
      const done = new Promise<void>((resolve) => ended.set(id, resolve));
      await core.executor.start({ id, workflowId: order.workflowId, input: { n: next }, trusted: true });
      await done;
      ended.delete(id);
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: order.inFlight }, one));
  const used = process.cpuUsage(cpu);
  return {
    completed,
    startedAt,
    endedAt: Date.now(),
    cpuMs: (used.user + used.system) / 1000,
    lockWaitMs: lock.waitMs,
    lockHeldMs: lock.heldMs,
    transactions: lock.count,
  };
}

process.on('message', (message: { order?: WorkerOrder; stop?: true }) => {
  if (message.order) {
    void run(message.order).then((report) => process.send!({ report }));
  } else if (message.stop) {
    void core
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  }
});
process.send!({ ready: true });
