import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

type Json = Record<string, unknown>;
interface Batch {
  done: number;
  skipped: { id: string; code: string; message: string }[];
  nextCursor: string | null;
}

// An approval given to nobody stops with an incident at once (ASSIGNEE_UNKNOWN): every start of
// `stuck` is a run waiting for an operator, as after an outage. `calm` waits for a real approver.
const approval = (id: string, approver: string) =>
  aWorkflow(id)
    .nodes(
      n.trigger(),
      n.approval('ok', { assignees: [{ type: 'user', id: approver }] }),
      n.end('yes'),
      n.end('no', 'rejected'),
    )
    .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
    .document();

describe('retry and cancel many runs at once', () => {
  let t: TestApp;
  const read = async <T = Json>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const start = async (workflowId: string, who = 'dora') =>
    (await read<{ id: string }>(await t.call(who, 'POST', '/api/instances', { workflowId, input: {} }), 201))
      .id;
  const instance = async (id: string) =>
    read<{
      status: string;
      incidents: unknown[];
      history: { type: string; actor?: string; data: Json }[];
      output?: Json;
    }>(await t.call('ada', 'GET', `/api/instances/${id}`), 200);
  const count = async (query: string, who = 'ada') =>
    (await read<{ count: number }>(await t.call(who, 'GET', `/api/instances/count?${query}`), 200)).count;
  /** Every running run's status and open incidents, to show a refused call changed nothing. */
  const everything = async () => {
    const list = await read<{ items: { id: string; status: string; openIncidents?: number }[] }>(
      await t.call('ada', 'GET', '/api/instances?limit=200'),
      200,
    );
    return Promise.all(
      list.items.map(async (run) => {
        const full = await instance(run.id);
        return { id: run.id, status: full.status, history: full.history.length };
      }),
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('dora', ['designer']);
    await t.user('vic', ['viewer']);
    await t.user('mia', ['approver']);
    await t.user('rex', ['requester']);
    for (const definition of [
      approval('stuck', 'nobody'),
      approval('calm', 'mia'),
      approval('other', 'nobody'),
    ]) {
      const path = `/api/definitions/${definition.id}`;
      await read(await t.call('dora', 'PUT', path, { definition, draftRev: 0 }), 200);
      await read(await t.call('dora', 'POST', `${path}/publish`), 201);
    }
  });
  afterAll(async () => {
    await t.close();
  });
  // Each test starts from no running run: the earlier ones are cancelled.
  beforeEach(async () => {
    for (;;) {
      const page = await read<Batch>(
        await t.call('ada', 'POST', '/api/instances/cancel', {
          filter: {},
          reason: 'clean slate',
          limit: 100,
        }),
        200,
      );
      if (page.nextCursor === null) break;
    }
    expect(await count('status=running')).toBe(0);
  });

  it('counts exactly what the list shows, under its filters and the caller’s view', async () => {
    for (let i = 0; i < 7; i += 1) await start('stuck');
    await start('other');
    await start('calm');
    await start('calm', 'rex');
    expect(await count('status=running&hasIncident=true')).toBe(8);
    expect(await count('status=running&hasIncident=true&workflowId=stuck')).toBe(7);
    expect(await count('status=running&hasIncident=false')).toBe(2);
    // A requester counts their own runs only, as their list shows them.
    expect(await count('status=running', 'rex')).toBe(1);
    // Bad input is refused by field, as the list refuses it.
    const bad = await read<{ issues: { path: string }[] }>(
      await t.call('ada', 'GET', '/api/instances/count?createdFrom=10&createdTo=5'),
      400,
    );
    expect(bad.issues.map((i) => i.path)).toContain('createdTo');
    await read(await t.call('ada', 'GET', '/api/instances/count?limit=5'), 400);
  });

  it('retries every run with an incident matching the filters, in batches, naming the actor', async () => {
    const stuck = [];
    for (let i = 0; i < 5; i += 1) stuck.push(await start('stuck'));
    const other = await start('other');
    const calm = await start('calm');
    const filter = { workflowId: 'stuck', hasIncident: true };
    const first = await read<Batch>(
      await t.call('dora', 'POST', '/api/instances/retry', { filter, limit: 2 }),
      200,
    );
    expect(first).toMatchObject({ done: 2, skipped: [] });
    expect(first.nextCursor).toEqual(expect.any(String));
    let done = first.done;
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await read<Batch>(
        await t.call('dora', 'POST', '/api/instances/retry', { filter, limit: 2, cursor }),
        200,
      );
      done += next.done;
      cursor = next.nextCursor;
    }
    expect(done).toBe(5);
    for (const id of stuck) {
      const run = await instance(id);
      const retries = run.history.filter((h) => h.type === 'job.retry');
      expect(retries).toEqual([expect.objectContaining({ actor: 'dora' })]);
      // Still nobody to give it to: the retry raised the incident again, for the operator to see.
      expect(run.incidents).toHaveLength(1);
    }
    // Another workflow's run and a run without incident were not touched.
    expect((await instance(other)).history.some((h) => h.type === 'job.retry')).toBe(false);
    expect((await instance(calm)).history.some((h) => h.type === 'job.retry')).toBe(false);
  });

  it('retries the selected runs, and says why it left the others', async () => {
    const stuck = await start('stuck');
    const calm = await start('calm');
    const ended = await start('stuck');
    await read(
      await t.call('dora', 'POST', `/api/instances/${ended}/cancel`, { reason: 'done by hand' }),
      200,
    );
    const answer = await read<Batch>(
      await t.call('dora', 'POST', '/api/instances/retry', { ids: [stuck, calm, ended, 'no-such-run'] }),
      200,
    );
    expect(answer).toEqual({
      done: 1,
      nextCursor: null,
      skipped: [
        { id: calm, code: 'NO_INCIDENT', message: 'No step of it waits for an operator' },
        { id: ended, code: 'INSTANCE_ENDED', message: 'The instance has already ended' },
        { id: 'no-such-run', code: 'NOT_FOUND', message: 'There is no instance no-such-run' },
      ],
    });
  });

  it('cancels the selected runs or every matching one, with the reason and the actor in each history', async () => {
    const a = await start('stuck');
    const b = await start('calm');
    const c = await start('calm');
    const selected = await read<Batch>(
      await t.call('dora', 'POST', '/api/instances/cancel', { ids: [a, b], reason: 'CRM is being replaced' }),
      200,
    );
    expect(selected).toEqual({ done: 2, skipped: [], nextCursor: null });
    for (const id of [a, b]) {
      const run = await instance(id);
      expect(run.status).toBe('cancelled');
      expect(run.history.find((h) => h.type === 'instance.cancel')).toMatchObject({
        actor: 'dora',
        data: expect.objectContaining({ reason: 'CRM is being replaced' }),
      });
    }
    const again = await read<Batch>(
      await t.call('dora', 'POST', '/api/instances/cancel', { ids: [a, c], reason: 'second pass' }),
      200,
    );
    expect(again).toEqual({
      done: 1,
      skipped: [{ id: a, code: 'INSTANCE_ENDED', message: 'The instance has already ended' }],
      nextCursor: null,
    });
  });

  it('cancels every running run of the filters, leaving the others and the ended ones', async () => {
    const calm = [await start('calm'), await start('calm'), await start('calm')];
    const stuck = await start('stuck');
    const ended = await start('calm');
    await read(await t.call('dora', 'POST', `/api/instances/${ended}/cancel`, {}), 200);
    const before = (await instance(ended)).history.length;
    const answer = await read<Batch>(
      await t.call('dora', 'POST', '/api/instances/cancel', {
        filter: { workflowId: 'calm' },
        reason: 'Approvals moved to the new portal',
      }),
      200,
    );
    // Ended runs are not even looked at: the runtime narrows the filter to running ones.
    expect(answer).toEqual({ done: 3, skipped: [], nextCursor: null });
    for (const id of calm)
      expect((await instance(id)).output).toMatchObject({
        by: 'dora',
        reason: 'Approvals moved to the new portal',
      });
    expect((await instance(stuck)).status).toBe('running');
    expect((await instance(ended)).history).toHaveLength(before);
  });

  it('takes the single actions’ permissions', async () => {
    const stuck = await start('stuck');
    // Viewers and approvers may neither retry nor cancel, one run or many.
    for (const who of ['vic', 'mia'])
      for (const [path, body] of [
        ['/api/instances/retry', { filter: {} }],
        ['/api/instances/cancel', { filter: {}, reason: 'x' }],
      ] as const)
        expect((await t.call(who, 'POST', path, body)).status).toBe(403);
    // A designer's token limited to viewing cannot either.
    await t.token('dora', ['viewer'], 'dora-viewer');
    expect((await t.call('dora-viewer', 'POST', '/api/instances/retry', { ids: [stuck] })).status).toBe(403);
    expect((await instance(stuck)).history.some((h) => h.type === 'job.retry')).toBe(false);
  });

  it('refuses a retry with 503 and Retry-After while the job queue is full, changing nothing; cancels still go', async () => {
    const stuck = [await start('stuck'), await start('stuck')];
    const before = await everything();
    const { backlog } = t.rt;
    // As if the worker had fallen behind: due jobs up to limits.backlog.maxQueuedJobs.
    backlog.queued(backlog.view().limit - backlog.view().queuedJobs);
    try {
      for (const body of [{ ids: stuck }, { filter: { workflowId: 'stuck' } }]) {
        const refused = await t.call('ada', 'POST', '/api/instances/retry', body);
        expect(refused.headers.get('retry-after')).toBe('30');
        expect(await read(refused, 503)).toMatchObject({
          code: 'OVERLOADED',
          message: expect.stringContaining('limits.backlog.maxQueuedJobs'),
          retryAfterSeconds: 30,
        });
      }
      expect(await everything()).toEqual(before);
      expect(await count('status=running&hasIncident=true&workflowId=stuck')).toBe(2);
      // Cancelling queues no job and is how an operator sheds load: it is not refused.
      const cancelled = await read<Batch>(
        await t.call('ada', 'POST', '/api/instances/cancel', { ids: [stuck[0]], reason: 'shedding load' }),
        200,
      );
      expect(cancelled).toEqual({ done: 1, skipped: [], nextCursor: null });
    } finally {
      backlog.claimed(0, 1); // the worker found the queue empty
    }
    // With room again the same call retries.
    expect(
      await read<Batch>(await t.call('ada', 'POST', '/api/instances/retry', { ids: [stuck[1]] }), 200),
    ).toMatchObject({ done: 1 });
  });

  it('refuses bad input by field and changes nothing', async () => {
    const stuck = await start('stuck');
    await start('calm');
    const before = await everything();
    const refusals: [string, unknown, string][] = [
      ['/api/instances/retry', {}, 'ids'],
      ['/api/instances/retry', { ids: [stuck], filter: {} }, 'ids'],
      ['/api/instances/retry', { ids: [] }, 'ids'],
      ['/api/instances/retry', { ids: [stuck, stuck] }, 'ids'],
      ['/api/instances/retry', { ids: Array.from({ length: 101 }, (_, i) => `r${i}`) }, 'ids'],
      ['/api/instances/retry', { ids: [stuck], cursor: 'abc' }, 'cursor'],
      ['/api/instances/retry', { filter: { hasIncident: false } }, 'filter.hasIncident'],
      ['/api/instances/retry', { filter: { status: 'completed' } }, 'filter.status'],
      ['/api/instances/retry', { filter: { workflowId: 'stuck', colour: 'red' } }, 'filter.colour'],
      ['/api/instances/retry', { filter: { createdFrom: 10, createdTo: 5 } }, 'filter.createdTo'],
      ['/api/instances/retry', { filter: {}, limit: 1000 }, 'limit'],
      ['/api/instances/cancel', { filter: {} }, 'reason'],
      ['/api/instances/cancel', { filter: {}, reason: '   ' }, 'reason'],
      ['/api/instances/cancel', { ids: [stuck], reason: 'bell\u0007' }, 'reason'],
      ['/api/instances/cancel', { filter: {}, reason: 'x', all: true }, 'all'],
    ];
    for (const [path, body, field] of refusals) {
      const answer = await read<{ issues: { path: string }[] }>(await t.call('ada', 'POST', path, body), 400);
      expect(
        answer.issues.map((i) => i.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    const badCursor = await t.call('ada', 'POST', '/api/instances/retry', { filter: {}, cursor: 'not-ours' });
    expect(badCursor.status).toBe(400);
    expect(await everything()).toEqual(before);
  });
});
