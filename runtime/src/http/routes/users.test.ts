import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

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
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as Refusal;
    expect(body.code).toBe('INVALID_INPUT');
    expect(body.issues.map((issue) => issue.path)).toEqual(['roles']);
    expect(await t.rt.store.getUser('maria')).toMatchObject({ name: 'maria', roles: ['approver'] });
  });
});
