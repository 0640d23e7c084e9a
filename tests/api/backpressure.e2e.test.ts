import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

/** A peer that holds every call until the test opens it: the connector step is as slow as we say. */
async function startGate() {
  let open = false;
  const held: ServerResponse[] = [];
  const answer = (response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  };
  const server: Server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on('end', () => (open ? answer(response) : held.push(response)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => held.length,
    open() {
      open = true;
      for (const response of held.splice(0)) answer(response);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const slowCall = (id: string, trigger: object) => ({
  id,
  name: id,
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger },
    {
      id: 'call',
      name: 'Slow call',
      kind: 'task',
      action: 'http.request',
      connection: 'gate',
      input: { method: "'POST'", url: "'/slow'" },
    },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'call' },
    { id: 'e2', source: 'call', target: 'done' },
  ],
});

interface Summary {
  id: string;
  status: string;
}
interface ErrorBody {
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

describe('backpressure: bounded admission of starts (limits.backlog)', () => {
  let gate: Awaited<ReturnType<typeof startGate>>;
  let runtime: RuntimeProcess;
  let admin: ApiClient;
  const start = () =>
    admin.post<Summary & ErrorBody>('/api/instances', { workflowId: 'slow-call', input: {} });
  const instancesOf = async (workflowId: string) =>
    (await admin.get<{ items: Summary[] }>(`/api/instances?workflowId=${workflowId}&limit=200`)).body.items;

  beforeAll(async () => {
    gate = await startGate();
    // One worker slot and room for two queued jobs: the third start waiting behind a held call is refused.
    runtime = await startRuntime({
      env: {
        FLOWLINE_WORKER_CONCURRENCY: '1',
        FLOWLINE_LIMITS: JSON.stringify({ backlog: { maxQueuedJobs: 2 } }),
      },
    });
    admin = createApiClient(runtime.url);
    await admin.signInFirstTime('admin@localhost', runtime.adminPassword ?? '');
    expect((await admin.put('/api/connections/http/gate', { settings: { baseUrl: gate.url } })).status).toBe(
      200,
    );
    for (const definition of [
      slowCall('slow-call', { type: 'manual' }),
      slowCall('slow-hook', { type: 'webhook' }),
    ]) {
      const saved = await admin.put(`/api/definitions/${definition.id}`, { definition, draftRev: 0 });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const published = await admin.post(`/api/definitions/${definition.id}/publish`);
      expect(published.status, JSON.stringify(published.body)).toBe(201);
    }
  });

  afterAll(async () => {
    await killAllRuntimes();
    await gate?.close();
  });

  it('refuses new starts with 503 and Retry-After while the backlog is full, stores nothing for them, and admits again once completions catch up', async () => {
    // The first call takes the only worker slot and hangs at the gate; the next two queue behind it.
    const admitted = [await start(), await start(), await start()];
    expect(admitted.map((r) => r.status)).toEqual([201, 201, 201]);
    await pollUntil('the first call to reach the gate', async () => (gate.held() === 1 ? true : undefined), {
      timeoutMs: 10_000,
    });

    const refused = await start();
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('OVERLOADED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30).toBe(true);
    expect(refused.body.retryAfterSeconds).toBe(retryAfter);

    const hook = await admin.post<ErrorBody>('/api/webhooks/slow-hook', {});
    expect(hook.status).toBe(503);
    expect(hook.body.code).toBe('OVERLOADED');
    expect(hook.headers.get('retry-after')).toMatch(/^\d+$/);

    // Nothing was stored for the refused starts.
    expect((await instancesOf('slow-call')).map((i) => i.id).sort()).toEqual(
      admitted.map((r) => r.body.id).sort(),
    );
    expect(await instancesOf('slow-hook')).toEqual([]);
    const metrics = (await admin.get<string>('/metrics')).body;
    expect(metrics).toMatch(/^flowline_starts_refused_total 2$/m);
    expect(metrics).toMatch(/^flowline_backlog\{kind="queued_jobs"\} 2$/m);

    // The peer answers again: the backlog drains, every admitted start completes, and starts are admitted.
    gate.open();
    await pollUntil(
      'the admitted instances to complete',
      async () =>
        (await instancesOf('slow-call')).every((i) => i.status === 'completed') ? true : undefined,
      { timeoutMs: 20_000 },
    );
    const again = await pollUntil(
      'a start to be admitted again',
      async () => {
        const response = await start();
        return response.status === 201 ? response : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(again.body.status).toBeDefined();
    const hookAgain = await admin.post<{ instanceId: string }>('/api/webhooks/slow-hook', {});
    expect(hookAgain.status, JSON.stringify(hookAgain.body)).toBe(202);
    await pollUntil(
      'the new starts to complete',
      async () => {
        const all = [...(await instancesOf('slow-call')), ...(await instancesOf('slow-hook'))];
        return all.length === 5 && all.every((i) => i.status === 'completed') ? true : undefined;
      },
      { timeoutMs: 20_000 },
    );
  });
});
