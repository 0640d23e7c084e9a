import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

describe('HTTP API: a page cursor the store did not issue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
  });
  afterAll(() => t.close());

  it.each(['/api/instances', '/api/tasks', '/api/users', '/api/definitions', '/api/groups'])(
    'is a 400 naming `cursor` on %s, not a server error',
    async (path) => {
      for (const cursor of ['garbage', '%00', encodeURIComponent(Buffer.from('[1]').toString('base64url'))]) {
        const answer = await t.call('ada', 'GET', `${path}?cursor=${cursor}`);
        expect(answer.status).toBe(400);
        const body = (await answer.json()) as { code: string; issues: { path: string }[] };
        expect(body.code).toBe('INVALID_INPUT');
        expect(body.issues.map((issue) => issue.path)).toEqual(['cursor']);
      }
    },
  );
});
