import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

// Definitions name approvers by user id (the CAB members of the change-management example), so an
// administrator creating those people through the API can give them the ids the definition uses.
describe('POST /api/users with a readable id', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.call('ada', 'POST', '/api/groups', { id: 'cab', name: 'Change advisory board' });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) =>
    t.call('ada', 'POST', '/api/users', {
      name: 'Ana from the CAB',
      password: 'violet kettle drum 42',
      roles: ['approver'],
      groups: ['cab'],
      ...body,
    });

  it('keeps the id given, so an approval naming cab-ana reaches this user', async () => {
    const created = await create({ id: 'cab-ana', email: 'ana@example.com' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'cab-ana', groups: ['cab'] });
    expect((await t.rt.store.getUserByEmail('ana@example.com'))?.id).toBe('cab-ana');
  });

  it('refuses a taken id and one that is not a plain name, and creates nothing', async () => {
    const taken = await create({ id: 'cab-ana', email: 'other@example.com' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ issues: [{ path: 'id' }] });
    const bad = await create({ id: 'Ana Smith', email: 'ana.smith@example.com' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: 'id' }] });
    expect(await t.rt.store.getUserByEmail('other@example.com')).toBeNull();
    expect(await t.rt.store.getUserByEmail('ana.smith@example.com')).toBeNull();
  });

  it('still gives a random id when none is asked for', async () => {
    const created = await create({ email: 'sam@example.com' });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
