import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { aWorkflow, n } from '@flowline/engine/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, newApiToken } from '../auth';
import { ConfigSchema } from '../config';
import { startServer } from '../server';
import type { Role } from '../store';
import { openSse, openStalledSse, type ReadEvent, type SseTestClient } from './sseTestClient';

type Runtime = Awaited<ReturnType<typeof startServer>>;

const approval = (id: string, assignee: { type: 'user' | 'group'; id: string }) =>
  aWorkflow(id)
    .nodes(n.trigger(), n.approval('ok', { assignees: [assignee] }), n.end('yes'), n.end('no', 'rejected'))
    .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
    .document();

async function until(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i > 1000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const dataOf = (event: ReadEvent) => JSON.parse(event.data) as Record<string, unknown>;
const tasksOf = (events: ReadEvent[]) => events.filter((e) => e.event === 'task').map(dataOf);
const instancesOf = (events: ReadEvent[]) => events.filter((e) => e.event === 'instance').map(dataOf);

/**
 * Live updates through real runtimes: two processes' worth of runtime (each its own store
 * connection, poller and HTTP server) on one SQLite file, clients reading the event stream over HTTP.
 */
describe('GET /api/stream', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-live-'));
  let a: Runtime;
  let b: Runtime;
  const tokens: Record<string, string> = {};
  const open: SseTestClient[] = [];

  const start = (live: Record<string, number>) =>
    startServer(
      ConfigSchema.parse({
        dataDir,
        port: 0,
        seedExamples: false,
        logLevel: 'silent',
        masterKey: Buffer.alloc(32, 7).toString('base64'),
        limits: { live: { pollMs: 20, heartbeatMs: 150, ...live } },
      }),
      { serve, logDestination: pino.destination('/dev/null') },
    );

  const call = async (rt: Runtime, who: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${rt.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as Record<string, unknown>;
  };

  const listen = async (rt: Runtime, who: string, lastEventId?: string) => {
    const client = await openSse(rt.url, {
      authorization: `Bearer ${tokens[who]}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    });
    open.push(client);
    await client.waitFor('ready', (events) => events.some((e) => e.event === 'ready' || e.event === 'reset'));
    return client;
  };

  const user = async (id: string, roles: Role[], groups: string[] = []) => {
    // Memberships name existing groups only.
    for (const group of groups)
      if (!(await a.core.store.getGroup(group)))
        await a.core.store.createGroup({ id: group, name: group, description: '', createdAt: 0 });
    await a.core.store.createUser({
      id,
      email: `${id}@example.com`,
      name: id,
      passwordHash: await hashPassword('correct horse battery staple'),
      roles,
      groups,
      disabled: false,
      createdAt: 0,
    });
    const { token, tokenHash } = newApiToken();
    await a.core.store.createApiToken({
      id: `t-${id}`,
      tokenHash,
      name: id,
      userId: id,
      roles,
      createdAt: 0,
    });
    tokens[id] = token;
  };

  beforeAll(async () => {
    a = await start({});
    b = await start({ clientBuffer: 200 });
    await user('dora', ['designer']);
    await user('mia', ['approver']);
    await user('bob', ['approver']);
    await user('gus', ['approver'], ['cab']);
    await user('gil', ['approver'], ['cab']);
    await user('vic', ['viewer']);
    for (const definition of [
      approval('leave', { type: 'user', id: 'mia' }),
      approval('change', { type: 'group', id: 'cab' }),
    ]) {
      await call(a, 'dora', 'PUT', `/api/definitions/${definition.id}`, { definition, draftRev: 0 });
      await call(a, 'dora', 'POST', `/api/definitions/${definition.id}/publish`);
    }
  }, 60_000);

  afterAll(async () => {
    for (const client of open) client.close();
    await a?.stop();
    await b?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells a client of one process about a task and instance changed through another, and nobody else of the task', async () => {
    const mia = await listen(b, 'mia');
    const bob = await listen(b, 'bob');
    const vic = await listen(a, 'vic');
    const { id } = await call(a, 'dora', 'POST', '/api/instances', { workflowId: 'leave', input: {} });
    await mia.waitFor('the new task', (events) => tasksOf(events).some((t) => t['kind'] === 'created'));
    const [created] = tasksOf(mia.events);
    expect(created).toEqual({
      seq: expect.any(Number),
      kind: 'created',
      taskId: expect.any(String),
      instanceId: id,
      workflowId: 'leave',
      title: expect.any(String),
    });
    await call(a, 'mia', 'POST', `/api/tasks/${encodeURIComponent(String(created!['taskId']))}/decide`, {
      outcome: 'approved',
    });
    await mia.waitFor('the decision and the end', (events) =>
      instancesOf(events).some((i) => i['instanceId'] === id && i['kind'] === 'completed'),
    );
    expect(tasksOf(mia.events).map((t) => t['kind'])).toEqual(['created', 'decided']);
    await vic.waitFor('the instance ending', (events) =>
      instancesOf(events).some((i) => i['instanceId'] === id && i['kind'] === 'completed'),
    );
    expect(instancesOf(vic.events).map((i) => i['kind'])).toEqual(['started', 'completed']);
    // Ids grow, so a browser resumes from the last one it saw.
    const ids = mia.events.filter((e) => e.event !== 'ready').map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    // bob, an approver with no part in it, saw neither the instance nor mia's task (he is served
    // by the same process as mia, in the same pass); the viewer sees instances but has no tasks.
    expect(instancesOf(bob.events)).toEqual([]);
    expect(tasksOf(bob.events)).toEqual([]);
    expect(tasksOf(vic.events)).toEqual([]);
    expect(JSON.stringify(bob.events)).not.toContain('mia');
  });

  it('tells every member of a group of its task, and each of them when one decides it', async () => {
    const gus = await listen(a, 'gus');
    const gil = await listen(b, 'gil');
    const bob = await listen(b, 'bob');
    await call(b, 'dora', 'POST', '/api/instances', { workflowId: 'change', input: {} });
    for (const member of [gus, gil])
      await member.waitFor('the group task', (events) =>
        tasksOf(events).some((t) => t['kind'] === 'created'),
      );
    const taskId = String(tasksOf(gil.events)[0]!['taskId']);
    await call(a, 'gus', 'POST', `/api/tasks/${encodeURIComponent(taskId)}/decide`, { outcome: 'approved' });
    await gil.waitFor('the decision by gus', (events) =>
      tasksOf(events).some((t) => t['kind'] === 'decided'),
    );
    // Group members see the instance through their group's task; bob, on gil's process, nothing.
    await gil.waitFor('the end', (events) => instancesOf(events).some((i) => i['kind'] === 'completed'));
    expect(tasksOf(bob.events)).toEqual([]);
    expect(instancesOf(bob.events)).toEqual([]);
  });

  it('resumes after Last-Event-ID with what was missed, and asks for a reload when that is no longer kept', async () => {
    const first = await listen(a, 'mia');
    const lastSeen = first.events.at(-1)!.id!;
    first.close();
    await call(b, 'dora', 'POST', '/api/instances', { workflowId: 'leave', input: {} });
    // The start answers once its own step is durable; the task may come in a later commit, so
    // wait until both are in the feed: this test is about replaying what was missed.
    for (let i = 0; i < 200; i += 1) {
      const missed = await a.core.store.readChanges(Number(lastSeen), 10);
      if (missed.length >= 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const resumed = await listen(b, 'mia', lastSeen);
    // Replayed before `ready` when the feed already holds them; on a loaded machine a commit may
    // land just after the stream opens (the wait above gives up after 5 s) and then follows live:
    // either way none is lost, so wait for both before judging what came.
    await resumed.waitFor(
      'the missed instance and task',
      (events) => instancesOf(events).length > 0 && tasksOf(events).length > 0,
      30_000,
    );
    expect(resumed.events.map((e) => e.event).sort()).toEqual(['instance', 'ready', 'task']);
    expect(tasksOf(resumed.events)[0]).toMatchObject({ kind: 'created', workflowId: 'leave' });
    for (const event of resumed.events.filter((e) => e.event !== 'ready'))
      expect(Number(event.id)).toBeGreaterThan(Number(lastSeen));

    await a.core.store.pruneChanges(0);
    const stale = await listen(b, 'mia', lastSeen);
    expect(stale.events.map((e) => e.event)).toEqual(['reset']);
    const future = await listen(b, 'mia', '999999999');
    expect(future.events.map((e) => e.event)).toEqual(['reset']);
    // After a reset the stream goes on with new changes.
    await call(a, 'dora', 'POST', '/api/instances', { workflowId: 'leave', input: {} });
    await stale.waitFor('a new task', (events) => tasksOf(events).length === 1);
  });

  it('refuses an anonymous caller and a malformed Last-Event-ID', async () => {
    expect((await fetch(`${a.url}/api/stream`)).status).toBe(401);
    const bad = await fetch(`${a.url}/api/stream`, {
      headers: { authorization: `Bearer ${tokens['mia']}`, 'last-event-id': 'abc' },
    });
    expect(bad.status).toBe(400);
  });

  it('sends heartbeats on an idle stream', async () => {
    const idle = await listen(a, 'vic');
    await idle.waitFor('two heartbeats', () => idle.comments.filter((c) => c === 'heartbeat').length >= 2);
  });

  it('drops a client that does not read, closing its connection, while others get every event', async () => {
    for (const client of open.splice(0)) client.close();
    await until('earlier clients gone', () => b.live.clientCount() === 0);
    const fast = await listen(b, 'mia');
    const stalled = await openStalledSse(b.url, tokens['mia']!);
    let closed = false;
    stalled.on('close', () => (closed = true));
    await until('both clients', () => b.live.clientCount() === 2);
    const clientsBefore = 2;
    // Changes with long titles until the stalled client's buffers are full and it is dropped.
    let made = 0;
    for (let round = 0; round < 60 && b.live.clientCount() === clientsBefore; round++) {
      await Promise.all(
        Array.from({ length: 100 }, () =>
          a.core.store.createTask({
            id: `bulk-${made++}`,
            instanceId: 'none',
            nodeId: 'ok',
            slot: '0',
            assignee: { type: 'user', id: 'mia' },
            title: 'x'.repeat(4000),
            form: {},
            outcomes: ['approved'],
            allowDelegation: false,
            createdAt: 0,
          }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(b.live.clientCount()).toBe(clientsBefore - 1);
    await fast.waitFor('every bulk task', (events) => tasksOf(events).length === made, 30_000);
    // Its connection is closed: once it reads again it finds the end of it.
    stalled.resume();
    await new Promise<void>((resolve) => (closed ? resolve() : stalled.once('close', () => resolve())));
  }, 60_000);

  it('refuses streams past the per-user limit', async () => {
    const limited = await start({ maxClientsPerUser: 1 });
    try {
      const one = await listen(limited, 'vic');
      const refused = await fetch(`${limited.url}/api/stream`, {
        headers: { authorization: `Bearer ${tokens['vic']}` },
      });
      expect(refused.status).toBe(429);
      one.close();
    } finally {
      await limited.stop();
    }
  });

  it('ends open streams when the runtime stops', async () => {
    const other = await start({});
    const client = await listen(other, 'vic');
    await other.stop();
    await client.ended;
    expect(client.isEnded()).toBe(true);
  });
});
