import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

const fragile = (version: string) => ({
  id: 'fragile',
  name: `Fragile ${version}`,
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'call',
      name: 'Call',
      kind: 'task',
      action: 'counter.record',
      input: { value: '"ticket-42"', failTimes: '1' },
      retry: { maxAttempts: 1 },
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
  version: number;
  createdAt: number;
}
interface Call {
  nodeId: string;
  attempt: number;
  status: string;
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
}

describe('HTTP API: the runs screen’s list filters and an instance’s calls', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
    await t.user('vic', ['viewer']);
  });
  afterEach(() => t.close());

  async function publish(rev: number, version: string) {
    const saved = await t.call('dan', 'PUT', '/api/definitions/fragile', {
      definition: fragile(version),
      draftRev: rev,
    });
    expect(saved.status).toBe(200);
    expect((await t.call('dan', 'POST', '/api/definitions/fragile/publish')).status).toBe(201);
  }
  const start = async () =>
    (await (await t.call('dan', 'POST', '/api/instances', { workflowId: 'fragile' })).json()) as Summary;
  const list = async (query: string) => {
    const answer = await t.call('vic', 'GET', `/api/instances?${query}`);
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { items: Summary[] }).items.map((i) => i.id);
  };

  it('filters by version and by a start time range, with the other filters and cursors', async () => {
    await publish(0, 'one');
    const first = await start();
    t.rt.clock.advance(60_000);
    await publish(1, 'two');
    const second = await start();
    t.rt.clock.advance(60_000);
    const third = await start();

    expect(await list('workflowId=fragile&version=2')).toEqual([third.id, second.id]);
    expect(await list('workflowId=fragile&version=1')).toEqual([first.id]);
    expect(await list(`createdFrom=${second.createdAt}`)).toEqual([third.id, second.id]);
    expect(await list(`createdTo=${second.createdAt}`)).toEqual([first.id]);
    expect(await list(`createdFrom=${first.createdAt + 1}&createdTo=${third.createdAt}`)).toEqual([
      second.id,
    ]);

    const page = await t.call('vic', 'GET', '/api/instances?version=2&limit=1');
    const body = (await page.json()) as { items: Summary[]; nextCursor: string };
    expect(body.items.map((i) => i.id)).toEqual([third.id]);
    expect(await list(`version=2&limit=1&cursor=${encodeURIComponent(body.nextCursor)}`)).toEqual([
      second.id,
    ]);

    const bad = await t.call('vic', 'GET', '/api/instances?version=zero');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('version');
  });

  it('shows each call’s input, output or error and attempt, also after a retry', async () => {
    await publish(0, 'one');
    const { id } = await start();
    await t.rt.runJobs();
    const view = async () =>
      (await (await t.call('vic', 'GET', `/api/instances/${id}`)).json()) as {
        status: string;
        incidents: { nodeId: string }[];
        calls: Call[];
        visits: Record<string, number>;
      };
    const failed = await view();
    expect(failed.incidents).toEqual([expect.objectContaining({ nodeId: 'call' })]);
    expect(failed.calls).toEqual([
      expect.objectContaining({
        nodeId: 'call',
        attempt: 1,
        status: 'failed',
        input: expect.objectContaining({ value: 'ticket-42' }),
        error: { code: 'BUSY', message: 'The peer is busy' },
      }),
    ]);

    expect((await t.call('vic', 'POST', `/api/instances/${id}/retry`, { nodeId: 'call' })).status).toBe(403);
    expect((await t.call('dan', 'POST', `/api/instances/${id}/retry`, { nodeId: 'call' })).status).toBe(200);
    await t.rt.runJobs();
    const done = await view();
    expect(done.status).toBe('completed');
    expect(done.calls.map((c) => [c.attempt, c.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(done.calls[1]!.output).toEqual({ count: 1 });
    expect(done.visits).toMatchObject({ call: 1, done: 1 });
  });
});
