import { describe, expect, it } from 'vitest';
import type { Store } from '../port';
import type { InstanceStatus } from '../schemas/instance';
import type { ContractContext } from './context';
import { T0, aStep, aTask, anInstance } from './fixtures';

const MIN = 60_000;
const range = { from: T0, to: T0 + 60 * MIN, now: T0 + 60 * MIN };

async function start(
  store: Store,
  id: string,
  createdAt: number,
  overrides: { workflowId?: string; version?: number } = {},
) {
  await store.createInstance(anInstance({ id, createdAt, updatedAt: createdAt, ...overrides }), {
    history: [],
  });
}

async function end(store: Store, id: string, status: InstanceStatus, at: number, expectedRev = 1) {
  const [result] = await store.commitSteps([
    aStep({ instanceId: id, expectedRev, set: { ...aStep().set, status, currentNodes: [], updatedAt: at } }),
  ]);
  expect(result).toMatchObject({ ok: true });
}

async function task(
  store: Store,
  id: string,
  instanceId: string,
  nodeId: string,
  createdAt: number,
  dueAt?: number,
) {
  await store.createTask(
    aTask({ id, instanceId, nodeId, createdAt, ...(dueAt !== undefined ? { dueAt } : {}) }),
  );
}

const decide = (store: Store, id: string, at: number) =>
  store.decideTask(id, { outcome: 'approved', by: 'grace', at });

/**
 * Two workflows. `access` v1: a completed in 10 min, b rejected in 30, c running, d failed; v2: e
 * completed in 20; f started the day before (outside the range). Tasks on `manager` and `cab`:
 * decided on time, late, open past due, open, timed out (cancelled after due), and f's old open one.
 */
async function seed(store: Store): Promise<void> {
  await start(store, 'a', T0);
  await start(store, 'b', T0 + MIN);
  await start(store, 'c', T0 + 2 * MIN);
  await start(store, 'd', T0 + 3 * MIN);
  await start(store, 'e', T0 + 4 * MIN, { version: 2 });
  await start(store, 'f', T0 - 1440 * MIN);
  await start(store, 'g', T0 + 5 * MIN, { workflowId: 'onboarding' });

  await task(store, 'a1', 'a', 'manager', T0, T0 + 60 * MIN);
  await decide(store, 'a1', T0 + 5 * MIN);
  await task(store, 'b1', 'b', 'manager', T0 + MIN, T0 + 10 * MIN);
  await decide(store, 'b1', T0 + 31 * MIN);
  await task(store, 'c1', 'c', 'manager', T0 + 2 * MIN, T0 + 5 * MIN);
  await task(store, 'c2', 'c', 'cab', T0 + 2 * MIN, T0 + 120 * MIN);
  await task(store, 'd1', 'd', 'cab', T0 + 3 * MIN);
  await decide(store, 'd1', T0 + 53 * MIN);
  await task(store, 'e1', 'e', 'manager', T0 + 4 * MIN, T0 + 10 * MIN);
  await task(store, 'f1', 'f', 'manager', T0 - 1440 * MIN, T0 - 720 * MIN);

  await end(store, 'a', 'completed', T0 + 10 * MIN);
  await end(store, 'b', 'rejected', T0 + 31 * MIN);
  await end(store, 'd', 'failed', T0 + 40 * MIN);
  // e's deadline passes: its open task is cancelled in the step, past due (an escalation).
  const [timedOut] = await store.commitSteps([
    aStep({
      instanceId: 'e',
      set: { ...aStep().set, updatedAt: T0 + 15 * MIN },
      effects: [{ type: 'task.cancel', instanceId: 'e', nodeId: 'manager', at: T0 + 15 * MIN }],
    }),
  ]);
  expect(timedOut).toMatchObject({ ok: true });
  await end(store, 'e', 'completed', T0 + 24 * MIN, 2);
  await end(store, 'f', 'completed', T0 - 1000 * MIN);
}

const noTasks = { created: 0, decided: 0, open: 0, overdue: 0, decidedLate: 0, timedOut: 0, breaches: 0 };

export function describeStatistics({ store }: ContractContext): void {
  describe('process statistics', () => {
    it('counts instances started in the range by status, with cycle-time percentiles, per workflow', async () => {
      await seed(store());
      expect(await store().statisticsByWorkflow(range)).toEqual([
        {
          workflowId: 'access-request',
          instances: { started: 5, running: 1, completed: 2, rejected: 1, failed: 1, cancelled: 0 },
          // Completed or rejected: 10, 20 and 30 minutes (nearest rank).
          cycleTimeMs: { p50: 20 * MIN, p90: 30 * MIN },
          tasks: { created: 6, decided: 3, open: 3, overdue: 2, decidedLate: 1, timedOut: 1, breaches: 2 },
        },
        {
          workflowId: 'onboarding',
          instances: { started: 1, running: 1, completed: 0, rejected: 0, failed: 0, cancelled: 0 },
          cycleTimeMs: { p50: null, p90: null },
          tasks: noTasks,
        },
      ]);
      expect(await store().statisticsByWorkflow({ ...range, from: range.to, to: range.to + MIN })).toEqual([
        expect.objectContaining({
          workflowId: 'access-request',
          instances: expect.objectContaining({ started: 0 }),
        }),
      ]);
    });

    it('breaks one workflow down by version and by task node, and names the slowest node', async () => {
      await seed(store());
      const detail = await store().workflowStatistics({ ...range, workflowId: 'access-request' });
      expect(detail.total).toMatchObject({
        workflowId: 'access-request',
        instances: { started: 5, completed: 2 },
        cycleTimeMs: { p50: 20 * MIN, p90: 30 * MIN },
        tasks: { created: 6, breaches: 2 },
      });
      expect(detail.total).not.toHaveProperty('version');
      expect(detail.versions).toEqual([
        {
          workflowId: 'access-request',
          version: 1,
          instances: { started: 4, running: 1, completed: 1, rejected: 1, failed: 1, cancelled: 0 },
          cycleTimeMs: { p50: 10 * MIN, p90: 30 * MIN },
          tasks: { created: 5, decided: 3, open: 3, overdue: 2, decidedLate: 1, timedOut: 0, breaches: 1 },
        },
        {
          workflowId: 'access-request',
          version: 2,
          instances: { started: 1, running: 0, completed: 1, rejected: 0, failed: 0, cancelled: 0 },
          cycleTimeMs: { p50: 20 * MIN, p90: 20 * MIN },
          tasks: { created: 1, decided: 0, open: 0, overdue: 0, decidedLate: 0, timedOut: 1, breaches: 1 },
        },
      ]);
      expect(detail.nodes).toEqual([
        {
          nodeId: 'cab',
          tasks: { created: 2, decided: 1, open: 1, overdue: 0, decidedLate: 0, timedOut: 0, breaches: 0 },
          turnaroundMs: { p50: 50 * MIN, p90: 50 * MIN },
        },
        {
          nodeId: 'manager',
          tasks: { created: 4, decided: 2, open: 2, overdue: 2, decidedLate: 1, timedOut: 1, breaches: 2 },
          turnaroundMs: { p50: 5 * MIN, p90: 30 * MIN },
        },
      ]);
      expect(detail.slowestNodeId).toBe('cab');
    });

    it('narrows to one version, and answers zeros for a workflow with nothing in the range', async () => {
      await seed(store());
      const v2 = await store().workflowStatistics({ ...range, workflowId: 'access-request', version: 2 });
      expect(v2.total).toMatchObject({
        version: 2,
        instances: { started: 1, completed: 1 },
        cycleTimeMs: { p50: 20 * MIN, p90: 20 * MIN },
        tasks: { created: 1, timedOut: 1, open: 0 },
      });
      expect(v2.versions.map((v) => v.version)).toEqual([2]);
      expect(v2.nodes.map((n) => n.nodeId)).toEqual(['manager']);
      expect(v2.slowestNodeId).toBeNull();
      const none = await store().workflowStatistics({ ...range, workflowId: 'nothing-here' });
      expect(none).toEqual({
        total: {
          workflowId: 'nothing-here',
          instances: { started: 0, running: 0, completed: 0, rejected: 0, failed: 0, cancelled: 0 },
          cycleTimeMs: { p50: null, p90: null },
          tasks: noTasks,
        },
        versions: [],
        nodes: [],
        slowestNodeId: null,
      });
    });

    it('counts an instance that runs again after a retry as running, not as its old end', async () => {
      await start(store(), 'r', T0);
      await end(store(), 'r', 'failed', T0 + MIN);
      await end(store(), 'r', 'running', T0 + 2 * MIN, 2);
      const [stats] = await store().statisticsByWorkflow(range);
      expect(stats?.instances).toMatchObject({ started: 1, running: 1, failed: 0 });
    });
  });
}
