import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { CRASH_LOG_DIR, readLogLines } from '../support/crashConnector';
import { openDataDirStore } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const CONNECTOR = fileURLToPath(new URL('../support/crashConnector.ts', import.meta.url));
const WORKFLOW = 'crash-record';
const INSTANCES = 200;
const BATCH = 10;
// Jobs and timers claimed by a killed process are leased for 60 s (runtime/src/jobs/worker.ts,
// runtime/src/timers/timerService.ts), so the last kill's orphans come back only after that.
const COMPLETION_DEADLINE_MS = 110_000;

const definition = {
  schemaVersion: 1,
  id: WORKFLOW,
  name: 'Crash test: record, wait, record',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'first', name: 'First call', kind: 'task', action: 'crash.record' },
    { id: 'pause', name: 'Pause', kind: 'wait', wait: { type: 'duration', duration: 'PT1S' } },
    { id: 'second', name: 'Second call', kind: 'task', action: 'crash.record' },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'first' },
    { id: 'e2', source: 'first', target: 'pause' },
    { id: 'e3', source: 'pause', target: 'second' },
    { id: 'e4', source: 'second', target: 'done' },
  ],
};

interface Summary {
  id: string;
  status: string;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

const randomBetween = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const countBy = (values: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
};

async function startInstances(api: ApiClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += BATCH) {
    const started = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - i) }, () =>
        api.post<Summary>('/api/instances', { workflowId: WORKFLOW, input: {} }),
      ),
    );
    for (const response of started) {
      if (response.status !== 201)
        throw new Error(`start: ${response.status} ${JSON.stringify(response.body)}`);
      ids.push(response.body.id);
    }
  }
  return ids;
}

async function listInstances(api: ApiClient): Promise<Summary[]> {
  const all: Summary[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `workflowId=${WORKFLOW}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.get<Page>(`/api/instances?${query}`);
    if (page.status !== 200) throw new Error(`listing instances: ${page.status}`);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

describe('kill -9 while 200 instances run', () => {
  const logs = createTempDir('crash-log');
  let runtime: RuntimeProcess;
  let api: ApiClient;

  beforeAll(async () => {
    runtime = await startRuntime({ connectors: [CONNECTOR], env: { [CRASH_LOG_DIR]: logs.path } });
    api = createApiClient(runtime.url);
    await api.signInFirstTime('admin@localhost', runtime.adminPassword ?? '');
  });

  afterAll(async () => {
    await killAllRuntimes();
    logs.remove();
  });

  it(
    'completes every instance with one effect per step: none lost, none doubled',
    { timeout: 200_000 },
    async () => {
      const saved = await api.put<{ issues: { severity: string }[] }>(`/api/definitions/${WORKFLOW}`, {
        definition,
        draftRev: 0,
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect((await api.post(`/api/definitions/${WORKFLOW}/publish`)).status).toBe(201);

      // Instances start in small batches right up to each kill, so every kill lands while calls,
      // timers and commits are in flight (a kill after everything settled would prove little).
      // Kills never cut a start request short, so every instance the API acknowledged is counted.
      const began = Date.now();
      const ids: string[] = [];
      const kills: {
        afterMs: number;
        atMs: number;
        started: number;
        callsSoFar: number;
        restartMs: number;
      }[] = [];
      const killCount = randomBetween(3, 5);
      for (let k = 0; k < killCount; k += 1) {
        const afterMs = randomBetween(100, 800);
        const killAt = Date.now() + afterMs;
        while (Date.now() < killAt && ids.length < INSTANCES)
          ids.push(...(await startInstances(api, Math.min(BATCH, INSTANCES - ids.length))));
        if (Date.now() < killAt) await sleep(killAt - Date.now());
        const atMs = Date.now() - began;
        await runtime.kill9();
        const callsSoFar = readLogLines(join(logs.path, 'calls.log')).length;
        const restarting = Date.now();
        await runtime.restart();
        kills.push({ afterMs, atMs, started: ids.length, callsSoFar, restartMs: Date.now() - restarting });
      }
      ids.push(...(await startInstances(api, INSTANCES - ids.length)));
      expect(new Set(ids).size).toBe(INSTANCES);
      const lastRestartAt = Date.now();

      const final = await pollUntil(
        'every instance to end',
        async () => {
          const instances = await listInstances(api);
          return instances.length >= INSTANCES && instances.every((i) => i.status !== 'running')
            ? instances
            : undefined;
        },
        { timeoutMs: COMPLETION_DEADLINE_MS, intervalMs: 500 },
      ).catch(async (error: Error) => {
        const instances = await listInstances(api).catch(() => []);
        const byStatus = countBy(instances.map((i) => i.status));
        throw new Error(
          `${error.message}; statuses ${JSON.stringify([...byStatus])}; kills ${JSON.stringify(kills)}\n` +
            runtime.output().slice(-4000),
        );
      });
      const recoveryMs = Date.now() - lastRestartAt;

      // None lost, none failed, none extra.
      expect(final.filter((i) => i.status !== 'completed')).toEqual([]);
      expect(final.map((i) => i.id).sort()).toEqual([...ids].sort());

      // Exactly one effect per task node per instance, under the runtime's idempotency key format.
      const effects = readLogLines(join(logs.path, 'effects.log'));
      const effectCounts = countBy(effects);
      const doubled = [...effectCounts].filter(([, n]) => n > 1);
      expect(doubled).toEqual([]);
      const expected = ids.flatMap((id) => [`${id}:first#1`, `${id}:second#1`]).sort();
      const calls = readLogLines(join(logs.path, 'calls.log'));
      const callCounts = countBy(calls);
      const missing = await Promise.all(
        expected
          .filter((key) => !effectCounts.has(key))
          .map(async (key) => ({
            key,
            calls: callCounts.get(key) ?? 0,
            marker: existsSync(join(logs.path, 'effects', createHash('sha256').update(key).digest('hex'))),
            history: (await api.get(`/api/instances/${key.split(':')[0]}`)).body,
          })),
      );
      expect(missing, `kills ${JSON.stringify(kills)}; missing effects ${JSON.stringify(missing)}`).toEqual(
        [],
      );
      expect([...effectCounts.keys()].sort()).toEqual(expected);

      // At least once: every effect came from a call; repeats are calls the peer deduplicated.
      expect([...callCounts.keys()].sort()).toEqual(expected);
      const repeats = calls.length - callCounts.size;

      console.log(
        `[killDashNine] ${INSTANCES} instances; ${kills.length} kills (afterMs: planned uptime before the kill) ` +
          `${JSON.stringify(kills)}; all completed ${recoveryMs} ms after the last restart; ` +
          `${calls.length} calls for ${callCounts.size} keys (${repeats} repeats), ${effects.length} effects`,
      );

      // State changes happened exactly once: each sampled instance applied each event once.
      const sample = ids.filter((_, i) => i % 10 === 0);
      for (const id of sample) {
        const detail = await api.get<{ history: { type: string; nodeId?: string }[] }>(
          `/api/instances/${id}`,
        );
        const applied = detail.body.history.map((h) => `${h.type}@${h.nodeId ?? ''}`);
        expect(applied, id).toEqual([
          'instance.started@',
          'job.done@first',
          'timer.fired@pause',
          'job.done@second',
        ]);
      }

      // The audit trail survived the kills: each sampled instance's hash chain verifies.
      await runtime.stop();
      const store = await openDataDirStore(runtime.dataDir);
      try {
        for (const id of sample) {
          expect(await store.verifyHistory(id), id).toMatchObject({ ok: true });
        }
      } finally {
        await store.close();
      }
    },
  );
});
