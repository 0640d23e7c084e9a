import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

describe('groups through the API', () => {
  let t: TestApp;
  const read = async <T>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('dora', ['designer']);
    await t.user('gus', ['approver']);
    await t.user('gil', ['approver']);
    await t.user('vic', ['viewer'], ['legacy']);
  });
  afterAll(() => t.close());

  it('creates, lists, renames and reads a group with members; designers list them for pickers', async () => {
    const created = await read(
      await t.call('ada', 'POST', '/api/groups', { id: 'cab', name: 'Change advisory board' }),
      201,
    );
    expect(created).toMatchObject({ id: 'cab', name: 'Change advisory board', description: '', members: [] });
    await read(await t.call('ada', 'PUT', '/api/groups/cab/members/gus'), 204);
    await read(await t.call('ada', 'PUT', '/api/groups/cab/members/gil'), 204);
    await read(
      await t.call('ada', 'PATCH', '/api/groups/cab', { name: 'CAB', description: 'Normal changes' }),
      200,
    );
    expect(await read(await t.call('ada', 'GET', '/api/groups/cab'), 200)).toMatchObject({
      name: 'CAB',
      description: 'Normal changes',
      members: ['gus', 'gil'],
    });
    const list = await read<{ items: { id: string; memberCount: number }[] }>(
      await t.call('dora', 'GET', '/api/groups'),
      200,
    );
    // vic's group, made with vic (testApp.user), counts its one member.
    expect(list.items.map((g) => [g.id, g.memberCount])).toEqual([
      ['cab', 2],
      ['legacy', 1],
    ]);
    const gus = await read<{ items: { id: string; groups: string[] }[] }>(
      await t.call('ada', 'GET', '/api/users'),
      200,
    );
    expect(gus.items.find((u) => u.id === 'gus')?.groups).toEqual(['cab']);
    // Members are for admins; the picker's list is open to designers.
    await read(await t.call('dora', 'GET', '/api/groups/cab'), 403);
    await read(await t.call('dora', 'POST', '/api/groups', { id: 'x', name: 'x' }), 403);
  });

  it('refuses bad input field by field, a taken id and unknown groups or users', async () => {
    const bad = await read<{ issues: { path: string }[] }>(
      await t.call('ada', 'POST', '/api/groups', { id: 'no spaces', name: ' ' }),
      400,
    );
    expect(bad.issues.map((i) => i.path).sort()).toEqual(['id', 'name']);
    const taken = await read<{ issues: { path: string }[] }>(
      await t.call('ada', 'POST', '/api/groups', { id: 'cab', name: 'Again' }),
      409,
    );
    expect(taken.issues).toEqual([{ path: 'id', message: 'Taken: choose another id' }]);
    await read(await t.call('ada', 'PATCH', '/api/groups/nope', { name: 'x' }), 404);
    await read(await t.call('ada', 'PUT', '/api/groups/cab/members/ghost'), 404);
    await read(await t.call('ada', 'PUT', '/api/groups/nope/members/gus'), 404);
    await read(await t.call('ada', 'DELETE', '/api/groups/nope'), 404);
  });

  it('gives an approval assigned to the group to its current members, and keeps the group while it waits', async () => {
    const definition = aWorkflow('change')
      .nodes(
        n.trigger(),
        n.approval('ok', { assignees: [{ type: 'group', id: 'cab' }] }),
        n.end('yes'),
        n.end('no', 'rejected'),
      )
      .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
      .document();
    await read(await t.call('dora', 'PUT', '/api/definitions/change', { definition, draftRev: 0 }), 200);
    await read(await t.call('dora', 'POST', '/api/definitions/change/publish'), 201);
    await read(await t.call('dora', 'POST', '/api/instances', { workflowId: 'change', input: {} }), 201);
    const tasksOf = async (who: string) =>
      (await read<{ items: { id: string }[] }>(await t.call(who, 'GET', '/api/tasks'), 200)).items;
    expect(await tasksOf('gil')).toHaveLength(1);
    await read(await t.call('ada', 'DELETE', '/api/groups/cab/members/gil'), 204);
    expect(await tasksOf('gil')).toEqual([]);
    const [task] = await tasksOf('gus');
    await read(await t.call('ada', 'DELETE', '/api/groups/cab'), 409);
    await read(
      await t.call('gus', 'POST', `/api/tasks/${encodeURIComponent(task!.id)}/decide`, {
        outcome: 'approved',
      }),
      200,
    );
    await read(await t.call('ada', 'DELETE', '/api/groups/cab'), 204);
    await read(await t.call('ada', 'GET', '/api/groups/cab'), 404);
    const users = await read<{ items: { id: string; groups: string[] }[] }>(
      await t.call('ada', 'GET', '/api/users'),
      200,
    );
    expect(users.items.find((u) => u.id === 'gus')?.groups).toEqual([]);
  });
});
