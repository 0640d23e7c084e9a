import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';
import { invalidInputIssues } from './invalidInputIssues';

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
        expect((await invalidInputIssues(answer)).map((issue) => issue.path)).toEqual(['cursor']);
      }
    },
  );
});
