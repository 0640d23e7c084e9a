import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { openDataDirStore, seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const DEPTH = 4;

/** A workflow whose one subworkflow node starts the workflow itself. */
const recursive = (id: string) => ({
  schemaVersion: 1,
  id,
  name: `Starts ${id}`,
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'again', name: 'Again', kind: 'subworkflow', workflowId: id },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'again' },
    { id: 'e2', source: 'again', target: 'done' },
  ],
});

interface Summary {
  id: string;
  status: string;
}
interface Detail extends Summary {
  incidents: { nodeId: string; kind: string; attempts: number; error: { code: string; message: string } }[];
}

describe('a workflow that starts itself, across a real runtime process', () => {
  const data = createTempDir('recursion');
  let runtime: RuntimeProcess;
  let admin: ApiClient;

  beforeAll(async () => {
    await seedUsers(data.path, [
      { id: 'admin', email: 'admin@localhost', password: PASSWORD, roles: ['admin'] },
    ]);
    // A version stored before publish checked for cycles (an upgraded database): the cycle the
    // publish route cannot see, which only the run-time limits stop.
    const store = await openDataDirStore(data.path);
    await store.publishVersion({
      workflowId: 'legacy-loop',
      version: 1,
      definition: recursive('legacy-loop'),
      publishedAt: Date.now(),
      publishedBy: 'an older runtime',
    });
    await store.close();
    runtime = await startRuntime({
      dataDir: data.path,
      env: { FLOWLINE_LIMITS: JSON.stringify({ subworkflowDepth: DEPTH }) },
    });
    admin = createApiClient(runtime.url);
    expect((await admin.signIn('admin@localhost', PASSWORD)).status).toBe(200);
  });

  afterAll(async () => {
    await killAllRuntimes();
    data.remove();
  });

  const listTree = async () =>
    (await admin.get<{ items: Summary[] }>('/api/instances?workflowId=legacy-loop&limit=200')).body.items;

  it('refuses to publish it, naming the subworkflow node', async () => {
    const saved = await admin.put('/api/definitions/self-loop', {
      definition: recursive('self-loop'),
      draftRev: 0,
    });
    expect(saved.status).toBe(200);
    const published = await admin.post<{ code: string; issues: { code: string; nodeId: string }[] }>(
      '/api/definitions/self-loop/publish',
    );
    expect(published.status).toBe(422);
    expect(published.body.issues).toEqual([
      expect.objectContaining({ code: 'SUBWORKFLOW_CYCLE', nodeId: 'again' }),
    ]);
  });

  it('answers its start, stops at the depth limit with an incident, and a cancel stops the whole tree, also across a crash', async () => {
    const started = await admin.post<Summary>('/api/instances', { workflowId: 'legacy-loop', input: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const rootId = started.body.id;

    // The tree grows to the limit, and its deepest instance waits with an incident.
    const deepest = await pollUntil(
      'the incident at the bottom of the tree',
      async () => {
        const tree = await listTree();
        if (tree.length !== DEPTH + 1) return undefined;
        for (const item of tree) {
          const detail = (await admin.get<Detail>(`/api/instances/${encodeURIComponent(item.id)}`)).body;
          if (detail.incidents.length > 0) return detail;
        }
        return undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(deepest.status).toBe('running');
    expect(deepest.incidents).toEqual([
      {
        nodeId: 'again',
        kind: 'subworkflow',
        attempts: 1,
        error: {
          code: 'LIMIT_EXCEEDED',
          message: `The subworkflow would run ${DEPTH + 1} levels below the instance that started the tree; at most ${DEPTH} are allowed (limits.subworkflowDepth)`,
        },
      },
    ]);
    // Nothing grows after the refusal.
    expect(await listTree()).toHaveLength(DEPTH + 1);

    const cancelled = await admin.post<Summary>(`/api/instances/${encodeURIComponent(rootId)}/cancel`, {});
    expect(cancelled.status).toBe(200);
    // The cancel answered once the root's own step was durable; its descendants follow through
    // the outbox, even when the process dies right now and comes back.
    await runtime.kill9();
    await runtime.restart();
    expect((await admin.signIn('admin@localhost', PASSWORD)).status).toBe(200);
    const tree = await pollUntil(
      'every instance of the tree cancelled',
      async () => {
        const items = await listTree();
        return items.every((i) => i.status === 'cancelled') ? items : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(tree).toHaveLength(DEPTH + 1);
  });
});
