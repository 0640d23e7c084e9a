import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

interface Refusal {
  code: string;
  issues?: { path: string; message: string }[];
}

describe('HTTP API: query parameters a route does not take, or given twice', () => {
  let t: TestApp;
  const get = async (path: string) => {
    const answer = await t.call('ada', 'GET', path);
    return { status: answer.status, body: (await answer.json()) as Refusal };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
  });
  afterAll(() => t.close());

  it('refuses a misspelt filter, naming it and the parameters the route takes, instead of listing everything', async () => {
    const answer = await get('/api/instances?stauts=failed&limit=5');
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_INPUT');
    expect(answer.body.issues).toHaveLength(1);
    expect(answer.body.issues![0]!.path).toBe('stauts');
    expect(answer.body.issues![0]!.message).toMatch(/takes .*cursor.*limit.*status/);
  });

  it('names each unknown parameter once, however often it is repeated', async () => {
    const answer = await get('/api/tasks?limt=5&limt=6&sort=asc');
    expect(answer.status).toBe(400);
    expect(answer.body.issues?.map((issue) => issue.path)).toEqual(['limt', 'sort']);
  });

  it('refuses a parameter given twice, naming it, instead of a type error about a list', async () => {
    for (const query of ['limit=1&limit=2', 'status=failed&status=running']) {
      const answer = await get(`/api/instances?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.issues).toEqual([
        { path: query.split('=')[0], message: 'Given more than once: give it once' },
      ]);
    }
  });

  it('lets a webhook sender add parameters of its own, but not give `wait` twice', async () => {
    const hook = (query: string) =>
      t.app.request(`/api/webhooks/no-such-workflow?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    // Past the query check: the workflow is unknown.
    expect((await hook('source=jira')).status).toBe(404);
    const twice = await hook('wait=100&wait=200');
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as Refusal).issues?.map((issue) => issue.path)).toEqual(['wait']);
  });

  it('refuses any parameter on a route that takes none', async () => {
    const answer = await get('/api/auth/me?expand=groups');
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([
      { path: 'expand', message: 'Unknown query parameter: this endpoint takes no query parameters' },
    ]);
  });

  it('still answers the parameters a route documents, and routes outside the API document', async () => {
    expect((await get('/api/instances?status=failed&limit=5')).status).toBe(200);
    expect((await get('/api/auth/me')).status).toBe(200);
    expect((await t.call('ada', 'GET', '/api/openapi.json?pretty=1')).status).toBe(200);
  });
});
