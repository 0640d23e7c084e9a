import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { CRASH_LOG_DIR, readLogLines } from '../support/crashConnector';
import { openDataDirStore, seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

// Three runtime processes on one SQLite data directory under cron fires, timers, connector calls
// and approvals, while one process at a time is killed with SIGKILL and started again. Nothing
// another replica needs may live in one process's memory: what a killed process held (job and
// timer leases, claimed cron fires, a half-dispatched step) must be finished by the others or by
// its restart. CRASH_SOAK_MS lengthens the loaded phase for a soak (default 90 s, so the file
// stays near two and a half minutes in `pnpm test`).
const SOAK_MS = Number(process.env['CRASH_SOAK_MS'] ?? 90_000);
const CONNECTOR = fileURLToPath(new URL('../support/crashConnector.ts', import.meta.url));
const FLOW = 'soak-flow';
const CRON = 'soak-cron';
const CRON_TRIGGER = 'tick';
const CRON_PERIOD_MS = 2000;
/** Instances started per load round, on one replica picked at random. */
const STARTS_PER_ROUND = 2;
const ROUND_MS = 700;
/** A killed process's job leases (15 s) and timer leases (10 s) run out before others take over. */
const DRAIN_DEADLINE_MS = 120_000;
const ADMIN = { id: 'ops', email: 'ops@example.com', password: 'soak-admin-password-1' };
const APPROVER = { id: 'ann', email: 'ann@example.com', password: 'soak-approver-password-1' };

const flow = {
  schemaVersion: 1,
  id: FLOW,
  name: 'Soak: call, wait, approve, call',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'first', name: 'First call', kind: 'task', action: 'crash.record' },
    { id: 'pause', name: 'Pause', kind: 'wait', wait: { type: 'duration', duration: 'PT1S' } },
    {
      id: 'approve',
      name: 'Approve',
      kind: 'approval',
      title: 'Approve the soak step',
      assignees: [{ type: 'user', id: APPROVER.id }],
    },
    { id: 'second', name: 'Second call', kind: 'task', action: 'crash.record' },
    { id: 'done', name: 'Done', kind: 'end' },
    { id: 'refused', name: 'Refused', kind: 'end', outcome: 'rejected' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'first' },
    { id: 'e2', source: 'first', target: 'pause' },
    { id: 'e3', source: 'pause', target: 'approve' },
    { id: 'e4', source: 'approve', sourceHandle: 'approved', target: 'second' },
    { id: 'e5', source: 'second', target: 'done' },
    { id: 'e6', source: 'approve', sourceHandle: 'rejected', target: 'refused' },
  ],
};

const cronTrigger = (type: 'cron' | 'manual') =>
  type === 'cron'
    ? { type, schedule: '*/2 * * * * *', timezone: 'UTC', catchUp: 'all', maxCatchUp: 100 }
    : { type };
const cron = (type: 'cron' | 'manual') => ({
  schemaVersion: 1,
  id: CRON,
  name: 'Soak: every two seconds, one call',
  nodes: [
    { id: CRON_TRIGGER, name: 'Every 2 s', kind: 'trigger', trigger: cronTrigger(type) },
    { id: 'rec', name: 'Record', kind: 'task', action: 'crash.record' },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: CRON_TRIGGER, target: 'rec' },
    { id: 'e2', source: 'rec', target: 'done' },
  ],
});

interface Summary {
  id: string;
  status: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomBetween = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const duplicates = (values: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1);
};

/** One replica as the test drives it: its process, and a signed-in client for each user. */
interface Replica {
  readonly name: string;
  readonly process: RuntimeProcess;
  readonly admin: ApiClient;
  readonly approver: ApiClient;
  up: boolean;
}

async function listAll(api: ApiClient, workflowId: string): Promise<Summary[]> {
  const all: Summary[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `workflowId=${workflowId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.get<Page<Summary>>(`/api/instances?${query}`);
    if (page.status !== 200) throw new Error(`listing instances: ${page.status}`);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

/** Publishes a definition as the next version (a draft save, then publish). */
async function publish(api: ApiClient, definition: { id: string }): Promise<void> {
  const current = await api.get<{ draft: { draftRev: number } }>(`/api/definitions/${definition.id}`);
  const draftRev = current.status === 200 ? current.body.draft.draftRev : 0;
  const saved = await api.put(`/api/definitions/${definition.id}`, { definition, draftRev });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const published = await api.post(`/api/definitions/${definition.id}/publish`);
  expect(published.status, JSON.stringify(published.body)).toBe(201);
}

/** Approves every open task of the approver, each on a replica that is up; returns how many. */
async function decideOpenTasks(live: () => Replica[]): Promise<number> {
  const tasks = await pick(live()).approver.get<Page<{ id: string }>>('/api/tasks?status=open&limit=100');
  if (tasks.status !== 200) throw new Error(`listing tasks: ${tasks.status}`);
  let decided = 0;
  for (const task of tasks.body.items) {
    const answer = await pick(live()).approver.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome: 'approved',
      comment: 'soak',
    });
    // A task listed open may have been decided meanwhile only by this loop, which is sequential.
    if (answer.status !== 200)
      throw new Error(`deciding ${task.id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    decided += 1;
  }
  return decided;
}

describe('three replicas on one SQLite data directory, one killed at random', () => {
  const data = createTempDir('replicas-data');
  const logs = createTempDir('replicas-log');

  afterAll(async () => {
    await killAllRuntimes();
    data.remove();
    logs.remove();
  });

  it(
    'fires every cron time once and every timer, doubles no side effect, completes every instance',
    { timeout: SOAK_MS + DRAIN_DEADLINE_MS + 120_000 },
    async () => {
      await seedUsers(data.path, [
        { ...ADMIN, roles: ['admin'] },
        { ...APPROVER, roles: ['approver'] },
      ]);
      const replicas: Replica[] = [];
      for (const name of ['a', 'b', 'c']) {
        const process = await startRuntime({
          dataDir: data.path,
          cronTickMs: 200,
          connectors: [CONNECTOR],
          env: {
            [CRASH_LOG_DIR]: logs.path,
            // One replica saves no reads and runs two calls at a time: replicas may be tuned apart.
            ...(name === 'c' ? { FLOWLINE_INSTANCE_CACHE_SIZE: '0', FLOWLINE_WORKER_CONCURRENCY: '2' } : {}),
          },
        });
        expect(process.output()).not.toMatch(/is not a Flowline setting/);
        // Sessions live in the store: each client signs in once and keeps working across restarts.
        const admin = createApiClient(process.url);
        await admin.signIn(ADMIN.email, ADMIN.password);
        const approver = createApiClient(process.url);
        await approver.signIn(APPROVER.email, APPROVER.password);
        replicas.push({ name, process, admin, approver, up: true });
      }
      const live = () => replicas.filter((r) => r.up);
      const first = replicas[0]!;
      await publish(first.admin, flow);
      await publish(first.admin, cron('cron'));
      const publishedAt = Date.now();

      // The loaded phase: one sequential loop starts instances and decides approvals on replicas
      // that are up, and kills one process now and then; no request is in flight at a kill, so
      // every instance the API acknowledged is counted, while calls, timers and commits are.
      const ids: string[] = [];
      const kills: { replica: string; atMs: number; started: number; restartMs?: number }[] = [];
      let restarting: Promise<void> = Promise.resolve();
      let nextKillAt = Date.now() + randomBetween(5_000, 15_000);
      let decisions = 0;
      const began = Date.now();
      while (Date.now() - began < SOAK_MS) {
        const round = Date.now();
        const target = pick(live());
        for (let i = 0; i < STARTS_PER_ROUND; i += 1) {
          const started = await target.admin.post<Summary>('/api/instances', { workflowId: FLOW, input: {} });
          if (started.status !== 201)
            throw new Error(`start on ${target.name}: ${started.status} ${JSON.stringify(started.body)}`);
          ids.push(started.body.id);
        }
        decisions += await decideOpenTasks(live);
        if (Date.now() >= nextKillAt && live().length === replicas.length) {
          const victim = pick(replicas);
          victim.up = false;
          const kill: (typeof kills)[number] = {
            replica: victim.name,
            atMs: Date.now() - began,
            started: ids.length,
          };
          kills.push(kill);
          await victim.process.kill9();
          // Started again after a pause, while the other two carry the load.
          const restartAt = Date.now();
          restarting = sleep(randomBetween(500, 3_000))
            .then(() => victim.process.restart())
            .then(() => {
              kill.restartMs = Date.now() - restartAt;
              victim.up = true;
            });
          nextKillAt = Date.now() + randomBetween(8_000, 20_000);
        }
        await sleep(Math.max(0, ROUND_MS - (Date.now() - round)));
      }
      await restarting;
      expect(live()).toHaveLength(3);

      // No more cron fires: the next version's trigger is manual, which disarms the schedule on
      // every replica (each reads what was published from the store).
      await publish(first.admin, cron('manual'));
      const disarmedAt = Date.now();
      await sleep(2_000);

      const drained = await pollUntil(
        'every instance to complete',
        async () => {
          decisions += await decideOpenTasks(live);
          const flows = await listAll(first.admin, FLOW);
          const crons = await listAll(first.admin, CRON);
          const all = [...flows, ...crons];
          return flows.length >= ids.length && all.every((i) => i.status !== 'running')
            ? { flows, crons }
            : undefined;
        },
        { timeoutMs: DRAIN_DEADLINE_MS, intervalMs: 1_000 },
      ).catch(async (error: Error) => {
        const flows = await listAll(first.admin, FLOW).catch(() => []);
        const running = flows.filter((i) => i.status === 'running').slice(0, 5);
        const details = await Promise.all(
          running.map(async (i) => (await first.admin.get(`/api/instances/${i.id}`)).body),
        );
        throw new Error(
          `${error.message}; kills ${JSON.stringify(kills)}; running ${JSON.stringify(details).slice(0, 4000)}\n` +
            replicas.map((r) => `--- ${r.name}\n${r.process.output().slice(-2000)}`).join('\n'),
        );
      });
      const drainMs = Date.now() - disarmedAt;
      for (const replica of replicas) await replica.process.stop();

      // Every instance the API acknowledged completed, and nothing else exists.
      expect(drained.flows.map((i) => i.id).sort()).toEqual([...ids].sort());
      expect(drained.flows.filter((i) => i.status !== 'completed')).toEqual([]);
      expect(drained.crons.filter((i) => i.status !== 'completed')).toEqual([]);

      // Every cron time between the first and the last fire started exactly one instance.
      const prefix = `cron-${CRON}-${CRON_TRIGGER}-`;
      for (const instance of drained.crons) expect(instance.id.startsWith(prefix), instance.id).toBe(true);
      const times = drained.crons.map((i) => Number(i.id.slice(prefix.length))).sort((a, b) => a - b);
      expect(new Set(times).size).toBe(times.length);
      expect(times.filter((t) => t % CRON_PERIOD_MS !== 0)).toEqual([]);
      const gaps = times
        .slice(1)
        .flatMap((t, i) => (t - times[i]! === CRON_PERIOD_MS ? [] : [[times[i], t]]));
      expect(gaps, `kills ${JSON.stringify(kills)}`).toEqual([]);
      expect(times.length).toBeGreaterThanOrEqual(Math.floor(SOAK_MS / CRON_PERIOD_MS) - 2);

      // One effect per task node per instance under its idempotency key: none lost, none doubled.
      const effects = readLogLines(join(logs.path, 'effects.log'));
      expect(duplicates(effects)).toEqual([]);
      const expected = [
        ...ids.flatMap((id) => [`${id}:first#1`, `${id}:second#1`]),
        ...drained.crons.map((i) => `${i.id}:rec#1`),
      ].sort();
      expect([...effects].sort()).toEqual(expected);
      const calls = readLogLines(join(logs.path, 'calls.log'));

      const store = await openDataDirStore(data.path);
      try {
        // Every claimed cron fire has its instance and vice versa: probing claims the free times
        // in the window (harmless now), `false` means the time was claimed before.
        const claimed: number[] = [];
        const from = Math.floor(publishedAt / 1000) * 1000 - 4_000;
        for (let t = from; t <= disarmedAt + 4_000; t += 1000)
          if (!(await store.claimCronFire({ workflowId: CRON, triggerId: CRON_TRIGGER, scheduledAt: t })))
            claimed.push(t);
        expect(claimed).toEqual(times);

        // Every timer fired and every event was applied once: each instance's history, in order.
        for (const id of ids) {
          const history = await store.readHistory(id);
          expect(
            history.map((h) => `${h.type}@${h.nodeId ?? ''}`),
            id,
          ).toEqual([
            'instance.started@',
            'job.done@first',
            'timer.fired@pause',
            'task.decided@approve',
            'job.done@second',
          ]);
        }
        for (const id of ids.filter((_, i) => i % 10 === 0))
          expect(await store.verifyHistory(id), id).toMatchObject({ ok: true });
        expect(await store.countJobs('queued')).toBe(0);
        expect(await store.countJobs('running')).toBe(0);
      } finally {
        await store.close();
      }

      console.log(
        `[threeReplicas] ${SOAK_MS / 1000} s loaded: ${ids.length} instances (call, 1 s timer, approval, ` +
          `call), ${decisions} approvals through the API, ${times.length} cron fires; ${kills.length} kills ` +
          `${JSON.stringify(kills)}; drained ${drainMs} ms after the cron was disarmed; ${calls.length} calls ` +
          `for ${effects.length} effects (${calls.length - effects.length} repeats the peer deduplicated)`,
      );
    },
  );
});
