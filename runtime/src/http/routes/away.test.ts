import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

interface Refusal {
  code: string;
  issues: { path: string; message: string }[];
}

const DAY = 86_400_000;

describe('out of office: /api/me/away and /api/users/{id}/away', () => {
  let t: TestApp;
  let now: number;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('maria', ['approver']);
    await t.user('olga', ['approver']);
    await t.user('vic', ['viewer']);
    await t.user('dora', ['approver']);
    await t.rt.store.updateUser('dora', { disabled: true });
    await t.rt.store.updateUser('olga', { name: 'Olga Berg' });
    now = t.rt.clock.now();
  });
  beforeEach(async () => {
    await t.rt.store.setUserAway('maria', null);
  });
  afterAll(() => t.close());

  const me = async (who: string) =>
    (await (await t.call(who, 'GET', '/api/auth/me')).json()) as { away?: Record<string, unknown> };

  it('sets, shows (in what the designer reads about the signed-in user) and clears the setting', async () => {
    const saved = await t.call('maria', 'PUT', '/api/me/away', {
      delegate: 'olga',
      until: now + 3 * DAY,
      note: 'Parental leave',
    });
    expect(saved.status).toBe(200);
    const expected = {
      delegate: 'olga',
      delegateName: 'Olga Berg',
      delegateEmail: 'olga@example.com',
      until: now + 3 * DAY,
      note: 'Parental leave',
      setBy: 'maria',
      setAt: now,
      active: true,
    };
    expect(await saved.json()).toEqual(expected);
    expect((await me('maria')).away).toEqual(expected);
    // Through the session too, as the designer signs in.
    const { response } = await t.signIn('maria@example.com', 'correct horse battery staple');
    expect(((await response.json()) as { away?: unknown }).away).toEqual(expected);

    expect((await t.call('maria', 'DELETE', '/api/me/away')).status).toBe(204);
    expect(await me('maria')).not.toHaveProperty('away');
    expect((await t.rt.store.getUser('maria'))?.away).toBeUndefined();
  });

  it('says a setting that starts later is not active yet', async () => {
    const saved = await t.call('maria', 'PUT', '/api/me/away', {
      delegate: 'olga',
      from: now + DAY,
      until: now + 2 * DAY,
    });
    expect(await saved.json()).toMatchObject({ from: now + DAY, active: false });
  });

  it.each([
    ['an unknown delegate', { delegate: 'nobody' }, 'delegate', 'There is no user nobody'],
    ['a disabled delegate', { delegate: 'dora' }, 'delegate', 'disabled'],
    ['oneself', { delegate: 'maria' }, 'delegate', 'someone else'],
    ['a delegate who may not decide tasks', { delegate: 'vic' }, 'delegate', 'tasks:decide'],
    ['an end in the past', { until: 1 }, 'until', 'future'],
    ['an end over a year away', { until: 366 * DAY }, 'until', 'a year'],
    ['a start after the end', { from: 3 * DAY, until: 2 * DAY }, 'from', 'before'],
    ['a note with control characters', { note: 'back\u0007soon' }, 'note', ''],
    ['a field it does not know', { delegates: ['olga'] }, 'delegates', ''],
  ])('refuses %s with a 400 naming the field, and changes nothing', async (_what, change, path, words) => {
    const earlier = { delegate: 'olga', until: now + DAY, setBy: 'maria', setAt: now };
    await t.rt.store.setUserAway('maria', earlier);
    const request: Record<string, unknown> = { delegate: 'olga', until: 2 * DAY, ...change };
    // Times given relative to now (the manual clock starts far from the epoch).
    for (const key of ['until', 'from'])
      if (typeof request[key] === 'number' && request[key] !== 1)
        request[key] = now + (request[key] as number);
    const answer = await t.call('maria', 'PUT', '/api/me/away', request);
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as Refusal;
    expect(body.code).toBe('INVALID_INPUT');
    expect(body.issues.map((issue) => issue.path)).toEqual([path]);
    expect(body.issues[0]!.message).toContain(words);
    expect((await t.rt.store.getUser('maria'))?.away).toEqual(earlier);
  });

  it('lets an admin set and clear it for someone else, shown on the users list', async () => {
    // Named by e-mail, as the people picker gives it: stored as the user id.
    const saved = await t.call('ada', 'PUT', '/api/users/maria/away', {
      delegate: 'Olga@example.com',
      until: now + DAY,
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ delegate: 'olga', setBy: 'ada', active: true });
    const list = (await (await t.call('ada', 'GET', '/api/users')).json()) as {
      items: { id: string; away?: { delegate: string } }[];
    };
    expect(list.items.find((user) => user.id === 'maria')?.away).toMatchObject({ delegate: 'olga' });
    expect(list.items.find((user) => user.id === 'olga')).not.toHaveProperty('away');
    // The admin's own checks apply to the user it is for: not their own delegate.
    const self = await t.call('ada', 'PUT', '/api/users/olga/away', { delegate: 'olga', until: now + DAY });
    expect(((await self.json()) as Refusal).issues.map((issue) => issue.path)).toEqual(['delegate']);
    expect((await t.call('ada', 'DELETE', '/api/users/maria/away')).status).toBe(204);
    expect((await t.rt.store.getUser('maria'))?.away).toBeUndefined();
    expect(
      (await t.call('ada', 'PUT', '/api/users/nobody/away', { delegate: 'olga', until: now + DAY })).status,
    ).toBe(404);
  });

  it('refuses someone without users:admin another user’s setting, and changes nothing', async () => {
    const earlier = { delegate: 'olga', until: now + DAY, setBy: 'maria', setAt: now };
    await t.rt.store.setUserAway('maria', earlier);
    const set = await t.call('olga', 'PUT', '/api/users/maria/away', {
      delegate: 'olga',
      until: now + 2 * DAY,
    });
    expect([set.status, ((await set.json()) as Refusal).code]).toEqual([403, 'FORBIDDEN']);
    expect((await t.call('olga', 'DELETE', '/api/users/maria/away')).status).toBe(403);
    expect((await t.rt.store.getUser('maria'))?.away).toEqual(earlier);
  });
});
