import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseTestClient } from '../../live/sseTestClient';
import { createTestApp, type TestApp } from '../testApp';

// The requester asks for access; a manager approves, then IT records it. The requester may
// withdraw the whole request, and a "request.withdrawn" event cancels the waiting approval.
const access = aWorkflow('access')
  .input({ key: 'ticket', label: 'Ticket', type: 'string' })
  .nodes(
    n.trigger(),
    n.approval('manager', {
      assignees: [{ type: 'user', id: 'mia' }],
      cancelOn: { event: 'request.withdrawn' },
    }),
    n.manualTask('record', {
      assignees: [{ type: 'user', id: 'mia' }],
      cancelOn: { event: 'change.cancelled', correlationKey: 'input.ticket' },
    }),
    n.end('done'),
    n.end('no', 'rejected'),
    n.end('gone', 'cancelled', { why: 'nodes.manager.cancelled.payload.reason' }),
    n.end('dropped', 'cancelled'),
  )
  .edges(
    'start -> manager',
    'manager:approved -> record',
    'manager:rejected -> no',
    'manager:cancelled -> gone',
    'record:done -> done',
    'record:cancelled -> dropped',
  )
  .document();

type Json = Record<string, unknown>;

describe('withdraw and boundary-style cancel through the API', () => {
  let t: TestApp;
  let server: ServerType;
  let url = '';
  const streams: SseTestClient[] = [];
  const read = async <T = Json>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const start = async (who: string, ticket = 'T-1') =>
    (
      await read<{ id: string }>(
        await t.call(who, 'POST', '/api/instances', { workflowId: 'access', input: { ticket } }),
        201,
      )
    ).id;
  const instance = (id: string, who = 'ada') =>
    t.call(who, 'GET', `/api/instances/${id}`).then((r) => read(r, 200));

  beforeAll(async () => {
    t = await createTestApp({ live: { pollMs: 20 } });
    await t.user('ada', ['admin']);
    await t.user('dora', ['designer']);
    await t.user('rita', ['approver']);
    await t.user('mia', ['approver']);
    await t.user('bob', ['approver']);
    await read(
      await t.call('dora', 'PUT', '/api/definitions/access', { definition: access, draftRev: 0 }),
      200,
    );
    await read(await t.call('dora', 'POST', '/api/definitions/access/publish'), 201);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t.live.start();
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it('lets the requester withdraw: open tasks cancelled, who and why in the history, ended cancelled and marked withdrawn; the live feed shows it', async () => {
    const stream = await openSse(url, { authorization: `Bearer ${t.tokens['mia']}` });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.waitFor('the opening', (events) =>
      events.some((e) => e.event === 'ready' || e.event === 'reset'),
    );
    const id = await start('rita');
    expect((await instance(id))['openTasks']).toHaveLength(1);
    const answer = await read(
      await t.call('rita', 'POST', `/api/instances/${id}/withdraw`, { reason: 'Found another way' }),
      200,
    );
    expect(answer).toEqual({ id, status: 'cancelled', withdrawn: true });
    const after = await instance(id);
    expect(after).toMatchObject({
      status: 'cancelled',
      output: { by: 'rita', reason: 'Found another way', withdrawn: true },
      openTasks: [],
    });
    expect((after['history'] as Json[]).find((h) => h['type'] === 'instance.withdraw')).toMatchObject({
      actor: 'rita',
      data: { by: 'rita', reason: 'Found another way' },
    });
    const tasks = await read<{ items: { status: string }[] }>(
      await t.call('mia', 'GET', `/api/tasks?instanceId=${id}&status=cancelled`),
      200,
    );
    expect(tasks.items).toHaveLength(1);
    // The assignee's live feed: the task appears, is cancelled, and the instance ends cancelled.
    await stream.waitFor('the withdrawal', (events) =>
      events.some((e) => e.event === 'instance' && e.data.includes(id) && e.data.includes('"cancelled"')),
    );
    const kinds = stream.events
      .filter((e) => e.data.includes(id))
      .map((e) => `${e.event}:${(JSON.parse(e.data) as Json)['kind']}`);
    expect(kinds).toEqual(expect.arrayContaining(['task:created', 'task:cancelled', 'instance:cancelled']));
    // It cannot be withdrawn twice.
    await read(await t.call('rita', 'POST', `/api/instances/${id}/withdraw`, {}), 409);
  });

  it('refuses anyone else who may not cancel instances, and changes nothing', async () => {
    const id = await start('rita');
    // Mia has its task, so she sees it, but may not withdraw it; Bob does not even see it.
    const refused = await read<{ code: string }>(
      await t.call('mia', 'POST', `/api/instances/${id}/withdraw`, {}),
      403,
    );
    expect(refused.code).toBe('FORBIDDEN');
    const unseen = await read<{ code: string }>(
      await t.call('bob', 'POST', `/api/instances/${id}/withdraw`, {}),
      404,
    );
    expect(unseen.code).toBe('NOT_FOUND');
    expect(await instance(id)).toMatchObject({ status: 'running', currentNodes: ['manager'] });
    // An admin (instances:cancel) may; an unknown instance is a 404; a long reason a 400.
    await read(
      await t.call('ada', 'POST', `/api/instances/${id}/withdraw`, { reason: 'x'.repeat(2001) }),
      400,
    );
    await read(await t.call('ada', 'POST', '/api/instances/nope/withdraw', {}), 404);
    await read(await t.call('ada', 'POST', `/api/instances/${id}/withdraw`, {}), 200);
  });

  it('cancels a waiting approval when its cancel event arrives, and follows its cancelled exit', async () => {
    const id = await start('rita');
    const delivered = await read(
      await t.call('ada', 'POST', `/api/instances/${id}/events`, {
        event: 'request.withdrawn',
        correlationKey: '',
        payload: { reason: 'duplicate request' },
      }),
      202,
    );
    expect(delivered).toEqual({ delivered: true });
    expect(await instance(id)).toMatchObject({
      status: 'cancelled',
      output: { why: 'duplicate request' },
      openTasks: [],
    });
  });

  it('cancels a waiting manual task by correlation (POST /api/events) only for its own key', async () => {
    const mine = await start('rita', 'CHG-1');
    const other = await start('rita', 'CHG-2');
    for (const id of [mine, other]) {
      const [task] = (await instance(id))['openTasks'] as { id: string }[];
      await read(
        await t.call('mia', 'POST', `/api/tasks/${encodeURIComponent(task!.id)}/decide`, {
          outcome: 'approved',
        }),
        200,
      );
      expect(await instance(id)).toMatchObject({ currentNodes: ['record'] });
    }
    const sent = await read(
      await t.call('ada', 'POST', '/api/events', { event: 'change.cancelled', correlationKey: 'CHG-1' }),
      202,
    );
    expect(sent).toEqual({ matched: 1, delivered: 1 });
    expect(await instance(mine)).toMatchObject({ status: 'cancelled', openTasks: [] });
    expect(await instance(other)).toMatchObject({ status: 'running', currentNodes: ['record'] });
  });
});
