import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';
import { advanceClock, readClock } from '../support/testClock';

const DAY = 86_400_000;
const definition = {
  schemaVersion: 1,
  id: 'two-day-wait',
  name: 'Wait two days',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'pause', name: 'Two days', kind: 'wait', wait: { type: 'duration', duration: 'P2D' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'pause' },
    { id: 'e2', source: 'pause', target: 'done' },
  ],
};

describe('the test clock (FLOWLINE_TEST_CLOCK)', () => {
  let withClock: RuntimeProcess;
  let withoutClock: RuntimeProcess;
  let admin: ApiClient;

  beforeAll(async () => {
    [withClock, withoutClock] = await Promise.all([
      startRuntime({ testClock: true, seedExamples: false }),
      startRuntime({ seedExamples: false }),
    ]);
    admin = createApiClient(withClock.url);
    await admin.signInFirstTime('admin@localhost', withClock.adminPassword ?? '');
  }, 60_000);

  afterAll(async () => {
    await killAllRuntimes();
  });

  it('fires a two-day wait when the clock is moved two days on, without sleeping', async () => {
    expect((await admin.put('/api/definitions/two-day-wait', { definition, draftRev: 0 })).status).toBe(200);
    expect((await admin.post('/api/definitions/two-day-wait/publish')).status).toBe(201);
    const started = await admin.post<{ id: string }>('/api/instances', {
      workflowId: 'two-day-wait',
      input: {},
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const path = `/api/instances/${encodeURIComponent(started.body.id)}`;

    const before = await readClock(admin);
    // A day on: still waiting.
    expect(await advanceClock(admin, DAY)).toBeGreaterThanOrEqual(before + DAY);
    // Sessions keep real time: the admin is still signed in after the jump.
    expect((await admin.get<{ status: string }>(path)).body.status).toBe('running');
    await advanceClock(admin, DAY + 1000);
    const ended = await pollUntil(
      'the instance to complete',
      async () => {
        const read = await admin.get<{ status: string }>(path);
        return read.body.status === 'completed' ? read.body : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(ended.status).toBe('completed');
  });

  it('refuses to move backwards or too far, with the field named', async () => {
    const back = await admin.post<{ issues: { path: string }[] }>('/api/test/clock', { advanceMs: -1 });
    expect(back.status).toBe(400);
    expect(back.body.issues[0]?.path).toBe('advanceMs');
    expect((await admin.post('/api/test/clock', { advanceMs: 400 * DAY })).status).toBe(400);
  });

  it('does not exist in a runtime started without it', async () => {
    const other = createApiClient(withoutClock.url);
    await other.signInFirstTime('admin@localhost', withoutClock.adminPassword ?? '');
    expect((await other.post('/api/test/clock', { advanceMs: 1000 })).status).toBe(404);
    expect((await other.get('/api/test/clock')).status).toBe(404);
  });
});
