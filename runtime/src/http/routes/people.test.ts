import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

type Person = { id: string; name: string; email: string };

// The people pickers' directory: active users by the start of a name or e-mail, nothing more.
describe('GET /api/people', () => {
  let t: TestApp;
  const people = async (who: string, q: string, status = 200) => {
    const response = await t.call(who, 'GET', `/api/people?q=${encodeURIComponent(q)}`);
    const body = (await response.json()) as { items: Person[] };
    expect(response.status, JSON.stringify(body)).toBe(status);
    return body.items;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('rosa', ['requester'], ['staff']);
    await t.user('mia', ['approver'], ['managers']);
    await t.user('marco', ['designer']);
    await t.user('vic', ['viewer']);
    await t.user('max', ['approver'], ['managers']);
    await t.rt.store.updateUser('max', { disabled: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds active users by the start of their name or e-mail, with id, name and e-mail only', async () => {
    const found = await people('rosa', 'm');
    expect(found).toEqual([
      { id: 'marco', name: 'marco', email: 'marco@example.com' },
      { id: 'mia', name: 'mia', email: 'mia@example.com' },
    ]);
    // No roles or groups, not even for an admin; the disabled one is never offered.
    expect(Object.keys((await people('ada', 'mia'))[0]!).sort()).toEqual(['email', 'id', 'name']);
    expect(await people('mia', 'max')).toEqual([]);
    expect(await people('marco', 'ROSA@')).toEqual([{ id: 'rosa', name: 'rosa', email: 'rosa@example.com' }]);
  });

  it('answers only those with a form or task that names a person, and a bounded page', async () => {
    await people('vic', 'm', 403);
    expect((await t.call(null, 'GET', '/api/people?q=m')).status).toBe(401);
    expect((await t.call('rosa', 'GET', '/api/people?q=')).status).toBe(400);
    expect((await t.call('rosa', 'GET', '/api/people?q=m&limit=500')).status).toBe(400);
    const one = await t.call('rosa', 'GET', '/api/people?q=m&limit=1');
    expect(((await one.json()) as { items: Person[] }).items).toHaveLength(1);
  });
});
