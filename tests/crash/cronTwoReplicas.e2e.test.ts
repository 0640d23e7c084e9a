import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil } from '../support/apiClient';
import { openDataDirStore } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime } from '../support/startRuntime';

const WORKFLOW = 'cron-every-two-seconds';
const TRIGGER = 'tick';
const PERIOD_MS = 2000;
const BOTH_RUN_MS = 8000;
const SURVIVOR_RUNS_MS = 4000;

const definition = {
  schemaVersion: 1,
  id: WORKFLOW,
  name: 'Every two seconds',
  nodes: [
    {
      id: TRIGGER,
      name: 'Every 2 s',
      kind: 'trigger',
      trigger: { type: 'cron', schedule: '*/2 * * * * *', timezone: 'UTC', catchUp: 'none' },
    },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [{ id: 'e1', source: TRIGGER, target: 'done' }],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cron with two replicas on one data directory', () => {
  const data = createTempDir('cron-data');

  afterAll(async () => {
    await killAllRuntimes();
    data.remove();
  });

  it('starts one instance per scheduled time, with no time skipped or started twice', async () => {
    const first = await startRuntime({ dataDir: data.path, cronTickMs: 200 });
    const second = await startRuntime({ dataDir: data.path, cronTickMs: 200 });
    const api = createApiClient(first.url);
    await api.signInFirstTime('admin@localhost', first.adminPassword ?? '');

    expect((await api.put(`/api/definitions/${WORKFLOW}`, { definition, draftRev: 0 })).status).toBe(200);
    const published = await api.post(`/api/definitions/${WORKFLOW}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const publishedAt = Date.now();

    // A new trigger's first fire is the next one after it is first seen: wait for it, then watch.
    await pollUntil(
      'the first cron instance',
      async () => {
        const page = await api.get<{ items: unknown[] }>(`/api/instances?workflowId=${WORKFLOW}&limit=1`);
        return page.body.items.length > 0 ? true : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    await sleep(BOTH_RUN_MS);
    // One replica leaves; the other must carry on without a gap.
    await first.stop();
    await sleep(SURVIVOR_RUNS_MS);
    await second.stop();
    const stoppedAt = Date.now();

    const store = await openDataDirStore(data.path);
    try {
      const page = await store.listInstances({ workflowId: WORKFLOW }, { limit: 200 });
      expect(page.nextCursor ?? null).toBeNull();
      const prefix = `cron-${WORKFLOW}-${TRIGGER}-`;
      for (const instance of page.items) expect(instance.id.startsWith(prefix), instance.id).toBe(true);
      const times = page.items.map((i) => Number(i.id.slice(prefix.length))).sort((a, b) => a - b);

      // One-to-one: no scheduled time started twice; every one on the schedule, none skipped.
      expect(new Set(times).size).toBe(times.length);
      expect(times.filter((t) => t % PERIOD_MS !== 0)).toEqual([]);
      const gaps = times.slice(1).flatMap((t, i) => (t - times[i]! === PERIOD_MS ? [] : [[times[i], t]]));
      expect(gaps).toEqual([]);
      // Both replicas together, then the survivor alone, cover the whole window.
      expect(times.length).toBeGreaterThanOrEqual((BOTH_RUN_MS + SURVIVOR_RUNS_MS) / PERIOD_MS - 1);
      expect(page.items.filter((i) => i.status !== 'completed')).toEqual([]);

      // Every claimed fire has its instance and vice versa. Probing claims the unclaimed times in
      // the window (harmless now that both processes stopped); `false` means it was claimed before.
      const claimed: number[] = [];
      const from = Math.floor(publishedAt / 1000) * 1000 - 10_000;
      for (let t = from; t <= stoppedAt + 4000; t += 1000) {
        if (!(await store.claimCronFire({ workflowId: WORKFLOW, triggerId: TRIGGER, scheduledAt: t })))
          claimed.push(t);
      }
      expect(claimed).toEqual(times);
      console.log(
        `[cronTwoReplicas] ${times.length} fires from ${new Date(times[0]!).toISOString()} to ` +
          `${new Date(times.at(-1)!).toISOString()}, first ${times[0]! - publishedAt} ms after publish; ` +
          `claims = instances = ${claimed.length}`,
      );
    } finally {
      await store.close();
    }
  });
});
