import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { CRASH_LOG_DIR, readLogLines } from '../support/crashConnector';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const CONNECTOR = fileURLToPath(new URL('../support/crashConnector.ts', import.meta.url));
const WORKFLOW = 'crash-for-each';
const INSTANCES = 30;
const ITEMS = 4;
// A killed process's job leases run 60 s, so its orphans come back only after that.
const COMPLETION_DEADLINE_MS = 110_000;

const definition = {
  schemaVersion: 1,
  id: WORKFLOW,
  name: 'Crash test: a call per item, two at a time',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'each',
      name: 'Each item',
      kind: 'forEach',
      items: `[${Array.from({ length: ITEMS }, (_, i) => i).join(', ')}]`,
      mode: 'parallel',
      concurrency: 2,
      run: { type: 'task', action: 'crash.record' },
    },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'each' },
    { id: 'e2', source: 'each', target: 'done' },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kill -9 while for-each items run', () => {
  const logs = createTempDir('crash-for-each');
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
    'completes every instance with one effect per item: none lost, none doubled',
    { timeout: 200_000 },
    async () => {
      expect((await api.put(`/api/definitions/${WORKFLOW}`, { definition, draftRev: 0 })).status).toBe(200);
      expect((await api.post(`/api/definitions/${WORKFLOW}/publish`)).status).toBe(201);
      const ids: string[] = [];
      // Two kills, each while items are in flight.
      for (let k = 0; k < 2; k += 1) {
        for (let i = 0; i < INSTANCES / 2; i += 1) {
          const started = await api.post<{ id: string }>('/api/instances', {
            workflowId: WORKFLOW,
            input: {},
          });
          expect(started.status).toBe(201);
          ids.push(started.body.id);
        }
        await sleep(50);
        await runtime.kill9();
        await runtime.restart();
      }
      const final = await pollUntil(
        'every instance to end',
        async () => {
          const page = await api.get<{ items: { id: string; status: string }[] }>(
            `/api/instances?workflowId=${WORKFLOW}&limit=200`,
          );
          return page.body.items.length >= INSTANCES && page.body.items.every((i) => i.status !== 'running')
            ? page.body.items
            : undefined;
        },
        { timeoutMs: COMPLETION_DEADLINE_MS, intervalMs: 500 },
      );
      expect(final.filter((i) => i.status !== 'completed')).toEqual([]);
      // One effect per item of every instance, under keys derived from instance, node, visit and item.
      const effects = readLogLines(join(logs.path, 'effects.log'));
      const expected = ids
        .flatMap((id) => Array.from({ length: ITEMS }, (_, i) => `${id}:each#1-${i}`))
        .sort();
      expect([...effects].sort()).toEqual(expected);
      const calls = readLogLines(join(logs.path, 'calls.log'));
      console.log(
        `[forEachKill] ${INSTANCES} instances × ${ITEMS} items; ${calls.length} calls for ${expected.length} keys`,
      );
    },
  );
});
