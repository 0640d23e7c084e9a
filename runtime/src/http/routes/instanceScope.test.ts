import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseTestClient } from '../../live/sseTestClient';
import { createTestApp, type TestApp } from '../testApp';

// A request form the requesters start; the approval goes to the "managers" group, then to mia.
const access = aWorkflow('access')
  .input({ key: 'ticket', label: 'Ticket', type: 'string' })
  .nodes(
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'form' } },
    n.approval('manager', { assignees: [{ type: 'group', id: 'managers' }] }),
    n.approval('it', { assignees: [{ type: 'user', id: 'mia' }] }),
    n.end('done'),
    n.end('no', 'rejected'),
  )
  .edges(
    'start -> manager',
    'manager:approved -> it',
    'manager:rejected -> no',
    'it:approved -> done',
    'it:rejected -> no',
  )
  .document();

type Json = Record<string, unknown>;

describe('who sees which instances (one rule: list, view, definition, withdraw, statistics, live)', () => {
  let t: TestApp;
  let server: ServerType;
  let url = '';
  const streams: SseTestClient[] = [];
  const read = async <T = Json>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const start = async (who: string, ticket: string) =>
    (
      await read<{ id: string }>(
        await t.call(who, 'POST', '/api/instances', { workflowId: 'access', input: { ticket } }),
        201,
      )
    ).id;
  const listed = async (who: string, query = '') =>
    (await read<{ items: { id: string }[] }>(await t.call(who, 'GET', `/api/instances${query}`), 200)).items
      .map((i) => i.id)
      .sort();
  const ids = (...list: string[]) => list.sort();
  let rosa = '';
  let ron = '';
  let dora = '';

  beforeAll(async () => {
    t = await createTestApp({ live: { pollMs: 20 } });
    await t.user('ada', ['admin']);
    await t.user('dan', ['designer']);
    await t.user('vic', ['viewer']);
    await t.user('rosa', ['requester']);
    await t.user('ron', ['requester']);
    await t.user('gus', ['approver'], ['managers']);
    await t.user('mia', ['approver']);
    await t.user('pat', ['approver']);
    await read(
      await t.call('dan', 'PUT', '/api/definitions/access', { definition: access, draftRev: 0 }),
      200,
    );
    await read(await t.call('dan', 'POST', '/api/definitions/access/publish'), 201);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t.live.start();
    rosa = await start('rosa', 'R-1');
    ron = await start('ron', 'R-2');
    dora = await start('dan', 'D-1');
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it('lets a requester start through the form and see only their own requests; another is a 404', async () => {
    expect(await listed('rosa')).toEqual([rosa]);
    // Asking for someone else's requests answers nothing rather than theirs.
    expect(await listed('rosa', '?startedBy=ron')).toEqual([]);
    expect(await listed('rosa', '?startedBy=rosa')).toEqual([rosa]);
    await read(await t.call('rosa', 'GET', `/api/instances/${rosa}`), 200);
    for (const path of [`/api/instances/${ron}`, `/api/instances/${ron}/definition`]) {
      const refused = await read<{ code: string; message: string }>(await t.call('rosa', 'GET', path), 404);
      // The same answer as an instance that does not exist: its existence is not revealed.
      expect(refused.code).toBe('NOT_FOUND');
      expect(refused.message).toBe(`There is no instance ${ron}`);
    }
    await read(await t.call('rosa', 'POST', `/api/instances/${ron}/withdraw`, {}), 404);
    // Their own request's version, without reading definitions.
    const own = await read<{ workflowId: string; version: number; definition: Json }>(
      await t.call('rosa', 'GET', `/api/instances/${rosa}/definition`),
      200,
    );
    expect(own).toMatchObject({ workflowId: 'access', version: 1, definition: { id: 'access' } });
    await read(await t.call('rosa', 'GET', '/api/definitions/access'), 403);
    await read(await t.call('rosa', 'GET', '/api/request-forms'), 200);
    // Decide nothing, see no tasks and no aggregates.
    await read(await t.call('rosa', 'GET', '/api/tasks'), 403);
    await read(await t.call('rosa', 'GET', '/api/statistics/workflows'), 403);
  });

  it('shows an approver the instances they started or have or had a task on, through a group too', async () => {
    expect(await listed('gus')).toEqual(ids(dora, ron, rosa));
    expect(await listed('mia')).toEqual([]);
    expect(await listed('pat')).toEqual([]);
    await read(await t.call('mia', 'GET', `/api/instances/${rosa}`), 404);
    const task = (
      await read<{ items: { id: string; instanceId: string }[] }>(
        await t.call('gus', 'GET', '/api/tasks'),
        200,
      )
    ).items.find((each) => each.instanceId === rosa);
    await read(
      await t.call('gus', 'POST', `/api/tasks/${encodeURIComponent(task!.id)}/decide`, {
        outcome: 'approved',
      }),
      200,
    );
    // Now mia has a task on rosa's request; gus decided his, and keeps seeing it.
    expect(await listed('mia')).toEqual([rosa]);
    expect(await listed('gus', '?status=running')).toEqual(ids(dora, ron, rosa));
    await read(await t.call('mia', 'GET', `/api/instances/${rosa}`), 200);
    // Pat starts one of his own: his alone.
    const pats = await start('pat', 'P-1');
    expect(await listed('pat')).toEqual([pats]);
    await read(await t.call('pat', 'GET', '/api/statistics/workflows'), 403);
  });

  it('shows viewers, designers and admins every instance and the statistics', async () => {
    for (const who of ['vic', 'dan', 'ada']) {
      expect(await listed(who, '?workflowId=access&startedBy=ron')).toEqual([ron]);
      await read(await t.call(who, 'GET', `/api/instances/${rosa}`), 200);
      await read(await t.call(who, 'GET', '/api/statistics/workflows'), 200);
    }
  });

  it("never streams an instance outside the viewer's scope", async () => {
    const open = async (who: string) => {
      const stream = await openSse(url, { authorization: `Bearer ${t.tokens[who]}` });
      streams.push(stream);
      await stream.waitFor(`${who}'s opening`, (events) =>
        events.some((e) => e.event === 'ready' || e.event === 'reset'),
      );
      return stream;
    };
    const [ronStream, gusStream, vicStream] = [await open('ron'), await open('gus'), await open('vic')];
    const rosas = await start('rosa', 'R-3');
    const rons = await start('ron', 'R-4');
    const seen = (stream: SseTestClient, id: string) =>
      stream.events.some((e) => e.event === 'instance' && e.data.includes(id));
    await vicStream.waitFor('both instances', () => seen(vicStream, rosas) && seen(vicStream, rons));
    await gusStream.waitFor(
      'both instances (his group has their tasks)',
      () => seen(gusStream, rosas) && seen(gusStream, rons),
    );
    await ronStream.waitFor("ron's own", () => seen(ronStream, rons));
    expect(seen(ronStream, rosas)).toBe(false);
    expect(ronStream.events.some((e) => e.data.includes(rosas))).toBe(false);
  });
});
