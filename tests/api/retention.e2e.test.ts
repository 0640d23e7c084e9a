import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../support/apiClient';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';
import { advanceClock } from '../support/testClock';

const DAY = 86_400_000;
const straight = (id: string) => ({
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'done' }],
});
const waiting = {
  schemaVersion: 1,
  id: 'waiting',
  name: 'Waits for an event',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'hold', name: 'Hold', kind: 'wait', wait: { type: 'event', event: 'go', correlationKey: '"k"' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hold' },
    { id: 'e2', source: 'hold', target: 'done' },
  ],
};

describe('data retention (FLOWLINE_RETENTION) over the test clock', () => {
  let runtime: RuntimeProcess;
  let admin: ApiClient;

  beforeAll(async () => {
    runtime = await startRuntime({
      testClock: true,
      env: { FLOWLINE_RETENTION: JSON.stringify({ endedInstancesDays: 30, mode: 'archive' }) },
    });
    admin = createApiClient(runtime.url);
    await admin.signInFirstTime('admin@localhost', runtime.adminPassword ?? '');
  }, 60_000);

  afterAll(async () => {
    await killAllRuntimes();
  });

  async function publish(definition: { id: string }) {
    const path = `/api/definitions/${definition.id}`;
    expect((await admin.put(path, { definition, draftRev: 0 })).status).toBe(200);
    expect((await admin.post(`${path}/publish`)).status).toBe(201);
  }

  async function start(workflowId: string, expected: string): Promise<string> {
    const started = await admin.post<{ id: string; status: string }>('/api/instances?wait=10000', {
      workflowId,
      input: {},
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.status).toBe(expected);
    return started.body.id;
  }

  const status = async (id: string) => (await admin.get(`/api/instances/${encodeURIComponent(id)}`)).status;

  it('archives and removes ended instances past 30 days; keeps waiting ones and workflows kept forever', async () => {
    await publish(straight('quick'));
    await publish(straight('kept'));
    await publish(waiting);
    const done = [await start('quick', 'completed'), await start('quick', 'completed')];
    const kept = await start('kept', 'completed');
    const open = await start('waiting', 'running');
    const own = await admin.put('/api/definitions/kept/retention', { endedInstancesDays: null });
    expect(own.status, JSON.stringify(own.body)).toBe(200);

    // 29 days on: nothing is old enough yet.
    await advanceClock(admin, 29 * DAY);
    for (const id of [...done, kept, open]) expect(await status(id)).toBe(200);

    // Past 30 days: the run the clock's move wakes removes them, after writing the archive.
    await advanceClock(admin, 2 * DAY);
    for (const id of done) expect(await status(id)).toBe(404);
    expect(await status(kept)).toBe(200);
    expect(await status(open)).toBe(200);

    const archiveDir = join(runtime.dataDir, 'archive');
    const records = readdirSync(archiveDir).flatMap((name) =>
      gunzipSync(readFileSync(join(archiveDir, name)))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { policy: string; instance: { id: string }; history: unknown[] }),
    );
    expect(records.map((record) => record.instance.id).sort()).toEqual([...done].sort());
    for (const record of records) {
      expect(record.policy).toBe('global');
      expect(record.history.length).toBeGreaterThan(0);
    }

    // The waiting instance can still finish.
    const sent = await admin.post('/api/events', { event: 'go', correlationKey: 'k', payload: {} });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
  });
});
