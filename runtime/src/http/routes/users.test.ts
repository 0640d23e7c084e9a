import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';
import { invalidInputIssues } from '../invalidInputIssues';

interface Refusal {
  code: string;
  issues: { path: string; message: string }[];
}

describe('PATCH /api/users/{id}', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
  });
  afterAll(() => t.close());

  it('refuses an empty role list, as creating a user does, and changes nothing', async () => {
    const answer = await t.call('ada', 'PATCH', '/api/users/maria', { roles: [], name: 'Maria R.' });
    expect((await invalidInputIssues(answer)).map((issue) => issue.path)).toEqual(['roles']);
    expect(await t.rt.store.getUser('maria')).toMatchObject({ name: 'maria', roles: ['approver'] });
  });

  it('refuses a field it cannot change (the e-mail address) by name instead of answering 200', async () => {
    const before = await t.rt.store.getUser('maria');
    const answer = await t.call('ada', 'PATCH', '/api/users/maria', { email: 'm2@example.com', name: 'M' });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Refusal).issues.map((issue) => issue.path)).toEqual(['email']);
    expect(await t.rt.store.getUser('maria')).toEqual(before);
  });
});

// Groups are records managed at /api/groups: a user's group list names existing ones only, and
// never creates one (an unknown id used to become a group that stayed after its member left).
describe('a user’s groups', () => {
  let t: TestApp;
  const groupIds = async () =>
    ((await (await t.call('ada', 'GET', '/api/groups')).json()) as { items: { id: string }[] }).items.map(
      (group) => group.id,
    );
  const refusal = invalidInputIssues;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver'], ['cab']);
  });
  afterAll(() => t.close());

  it('refuses an unknown group on create, naming groups.N and the id, and stores nothing', async () => {
    const answer = await t.call('ada', 'POST', '/api/users', {
      email: 'sam@example.com',
      name: 'Sam',
      password: 'violet kettle drum 42',
      roles: ['approver'],
      groups: ['cab', 'night-shift'],
    });
    const issues = await refusal(answer);
    expect(issues).toEqual([{ path: 'groups.1', message: expect.stringContaining('night-shift') as string }]);
    expect(issues[0]!.message).toContain('/api/groups');
    expect(await t.rt.store.getUserByEmail('sam@example.com')).toBeNull();
    expect(await groupIds()).toEqual(['cab']);
  });

  it('refuses an unknown group on update and changes nothing', async () => {
    const answer = await t.call('ada', 'PATCH', '/api/users/maria', {
      name: 'Maria R.',
      groups: ['night-shift', 'cab', 'weekend'],
    });
    expect((await refusal(answer)).map((issue) => issue.path)).toEqual(['groups.0', 'groups.2']);
    expect(await t.rt.store.getUser('maria')).toMatchObject({ name: 'maria', groups: ['cab'] });
    expect(await groupIds()).toEqual(['cab']);
  });

  it('joins groups that exist', async () => {
    expect(
      (await t.call('ada', 'POST', '/api/groups', { id: 'night-shift', name: 'Night shift' })).status,
    ).toBe(201);
    const answer = await t.call('ada', 'PATCH', '/api/users/maria', { groups: ['night-shift', 'cab'] });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ groups: ['night-shift', 'cab'] });
  });

  it('answers a group deleted between the check and the write with the same 400, not a recreated group', async () => {
    await t.call('ada', 'POST', '/api/groups', { id: 'weekend', name: 'Weekend' });
    // The delete lands after the route's check, as a concurrent DELETE /api/groups/weekend would.
    const store = t.rt.store;
    const write = store.updateUser.bind(store);
    store.updateUser = async (id, patch) => {
      await store.deleteGroup('weekend');
      return write(id, patch);
    };
    try {
      const answer = await t.call('ada', 'PATCH', '/api/users/maria', { groups: ['weekend'] });
      expect((await refusal(answer)).map((issue) => issue.path)).toEqual(['groups.0']);
    } finally {
      store.updateUser = write;
    }
    expect(await store.getGroup('weekend')).toBeNull();
    expect((await store.getUser('maria'))?.groups).toEqual(['night-shift', 'cab']);
  });
});

// Roles and groups are sets: a repeat is a mistake in the request, refused at its index.
describe('roles and groups listed twice', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin'], ['it']);
    await t.user('maria', ['approver']);
  });
  afterAll(() => t.close());

  const issuesOf = async (answer: Response) => {
    expect(answer.status).toBe(400);
    return ((await answer.json()) as Refusal).issues;
  };

  it('refuses them on a new user, each repeat at its index, and creates no one', async () => {
    const issues = await issuesOf(
      await t.call('ada', 'POST', '/api/users', {
        email: 'dee@example.com',
        name: 'Dee',
        password: 'plum tractor oyster 71',
        roles: ['designer', 'viewer', 'designer'],
        groups: ['it', 'it'],
      }),
    );
    expect(issues).toEqual([
      { path: 'roles.2', message: '"designer" is listed twice' },
      { path: 'groups.1', message: '"it" is listed twice' },
    ]);
    expect(await t.rt.store.getUserByEmail('dee@example.com')).toBeNull();
  });

  it('refuses them on an update and changes nothing', async () => {
    const issues = await issuesOf(
      await t.call('ada', 'PATCH', '/api/users/maria', { roles: ['designer', 'designer'] }),
    );
    expect(issues).toEqual([{ path: 'roles.1', message: '"designer" is listed twice' }]);
    expect(await t.rt.store.getUser('maria')).toMatchObject({ roles: ['approver'] });
  });

  it('refuses them on a new API token and makes none', async () => {
    const issues = await issuesOf(
      await t.call('ada', 'POST', '/api/tokens', { name: 'ci', roles: ['viewer', 'viewer'] }),
    );
    expect(issues).toEqual([{ path: 'roles.1', message: '"viewer" is listed twice' }]);
    expect((await t.rt.store.listApiTokens('ada')).map((token) => token.name)).toEqual(['ada']);
  });
});
