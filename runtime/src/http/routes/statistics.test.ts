import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime } from '../../testing/testRuntime';
import { createTestApp, type TestApp } from '../testApp';

const HOUR = 3_600_000;

/** The manager approves within a day, or the request escalates to the late exit. */
const access = aWorkflow('access')
  .nodes(
    n.trigger(),
    n.approval('manager', {
      name: 'Manager approves',
      assignees: [{ type: 'user', id: 'gus' }],
      due: { after: 'P1D', onTimeout: { type: 'escalate' } },
    }),
    n.end('granted'),
    n.end('refused', 'rejected'),
    n.end('late', 'rejected'),
  )
  .edges(
    'start -> manager',
    'manager:approved -> granted',
    'manager:rejected -> refused',
    'manager:timeout -> late',
  )
  .document();

interface Detail {
  from: number;
  to: number;
  total: Record<string, unknown> & { instances: Record<string, number>; tasks: Record<string, number> };
  versions: { version: number }[];
  nodes: {
    nodeId: string;
    name: string;
    kind: string | null;
    tasks: Record<string, number>;
    turnaroundMs: object;
  }[];
  slowestNodeId: string | null;
}

describe('process statistics through the API', () => {
  let t: TestApp;
  let begin: number;
  const read = async <T>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as T;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('gus', ['approver']);
    await t.user('vic', ['viewer']);
    await t.rt.publish(access);
    begin = t.rt.clock.now();
    const start = () => t.rt.executor.start({ workflowId: 'access', input: {}, startedBy: 'ada' });
    const decide = async (instanceId: string, outcome: string) => {
      const { items } = await t.rt.store.listTasks({ instanceId, status: 'open' }, { limit: 1 });
      await read(
        await t.call('gus', 'POST', `/api/tasks/${encodeURIComponent(items[0]!.id)}/decide`, {
          outcome,
          comment: 'checked',
        }),
        200,
      );
    };
    const [first, second] = [await start(), await start(), await start()];
    await t.rt.advance(HOUR);
    await decide(first!.id, 'approved');
    await t.rt.advance(2 * HOUR);
    await decide(second!.id, 'rejected');
    // The third waits past its day: the deadline escalates it (a breach) to the late end.
    await t.rt.advance(25 * HOUR);
    await t.rt.commits.drain();
  });
  afterAll(() => t.close());

  it('counts the runs, their cycle time and the approvals per workflow', async () => {
    const list = await read<{ items: Record<string, unknown>[]; now: number }>(
      await t.call('vic', 'GET', `/api/statistics/workflows?from=${begin}`),
      200,
    );
    expect(list.now).toBe(t.rt.clock.now());
    expect(list.items).toEqual([
      {
        workflowId: 'access',
        name: access.name,
        instances: { started: 3, running: 0, completed: 1, rejected: 2, failed: 0, cancelled: 0 },
        // Ended after 1 h, 3 h and 28 h (the clock jumped past the deadline; the timer fired then).
        cycleTimeMs: { p50: 3 * HOUR, p90: 28 * HOUR },
        tasks: { created: 3, decided: 2, open: 0, overdue: 0, decidedLate: 0, timedOut: 1, breaches: 1 },
      },
    ]);
  });

  it("breaks a workflow down by node, with the node's name, turnaround and the slowest node", async () => {
    const detail = await read<Detail>(
      await t.call('vic', 'GET', `/api/statistics/workflows/access?from=${new Date(begin).toISOString()}`),
      200,
    );
    expect(detail.total).toMatchObject({ workflowId: 'access', instances: { started: 3 } });
    expect(detail.versions.map((v) => v.version)).toEqual([1]);
    expect(detail.nodes).toEqual([
      {
        nodeId: 'manager',
        name: 'Manager approves',
        kind: 'approval',
        tasks: { created: 3, decided: 2, open: 0, overdue: 0, decidedLate: 0, timedOut: 1, breaches: 1 },
        turnaroundMs: { p50: HOUR, p90: 3 * HOUR },
      },
    ]);
    expect(detail.slowestNodeId).toBe('manager');
    const v2 = await read<Detail>(
      await t.call('vic', 'GET', `/api/statistics/workflows/access?from=0&version=2`),
      200,
    );
    expect(v2.total.instances['started']).toBe(0);
  });

  it('defaults to the last 30 days and refuses bad ranges field by field', async () => {
    const now = t.rt.clock.now();
    const defaulted = await read<{ from: number; to: number }>(
      await t.call('vic', 'GET', '/api/statistics/workflows'),
      200,
    );
    expect(defaulted).toMatchObject({ from: now - 30 * 24 * HOUR, to: now });
    const issuesOf = async (path: string) =>
      (await read<{ issues: { path: string; message: string }[] }>(await t.call('vic', 'GET', path), 400))
        .issues;
    expect(await issuesOf('/api/statistics/workflows?from=yesterday')).toEqual([
      { path: 'from', message: expect.stringContaining('ISO 8601') },
    ]);
    expect(await issuesOf('/api/statistics/workflows?from=2026-11-02&to=2026-11-01')).toEqual([
      { path: 'to', message: 'Must be after from' },
    ]);
    // Date.parse reads this one, but it is not ISO 8601 (nor is a time without its zone).
    for (const from of ['Nov%201%202026', '2026-11-01T08:00:00'])
      expect(await issuesOf(`/api/statistics/workflows?from=${from}`)).toEqual([
        { path: 'from', message: expect.stringContaining('ISO 8601') },
      ]);
    expect(await issuesOf('/api/statistics/workflows/access?version=0')).toEqual([
      { path: 'version', message: 'Must be 1 or more' },
    ]);
    expect(await issuesOf('/api/statistics/workflows/access?version=0x1')).toEqual([
      { path: 'version', message: 'Expected a whole number, such as 2' },
    ]);
    await read(await t.call('vic', 'GET', '/api/statistics/workflows/no-such-workflow'), 404);
    const anonymous = await t.app.request('/api/statistics/workflows');
    expect(anonymous.status).toBe(401);
  });

  it('counts what another runtime process committed to the same store', async () => {
    const peer = await createTestRuntime({ path: t.rt.path });
    try {
      await peer.publish(
        aWorkflow('onboarding').nodes(n.trigger(), n.end('done')).edges('start -> done').document(),
      );
      // A moment ago: the range ends (exclusive) at the first runtime's now.
      peer.clock.set(t.rt.clock.now() - 1000);
      await peer.executor.start({ workflowId: 'onboarding', input: {}, startedBy: 'ada' });
      await peer.commits.drain();
    } finally {
      await peer.close();
    }
    const list = await read<{
      items: { workflowId: string; instances: { started: number; completed: number } }[];
    }>(await t.call('vic', 'GET', `/api/statistics/workflows?from=${begin}`), 200);
    expect(list.items.map((i) => [i.workflowId, i.instances.started, i.instances.completed])).toEqual([
      ['access', 3, 1],
      ['onboarding', 1, 1],
    ]);
  });
});
