import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

interface Refusal {
  code: string;
  issues?: { path: string; message: string }[];
}

interface Operation {
  parameters?: { name: string; in: string; schema?: { type?: string | string[] } }[];
}

describe('HTTP API: numbers and times in query parameters', () => {
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

  it('refuses a limit that is not plain digits, naming it and saying what a number looks like', async () => {
    for (const limit of ['0x10', '1e3', '', '%205', '5.0', '-1']) {
      const answer = await get(`/api/instances?limit=${limit}`);
      expect(answer.status, limit).toBe(400);
      expect(answer.body.issues, limit).toEqual([
        { path: 'limit', message: 'Expected a whole number, such as 50' },
      ]);
    }
    expect((await get('/api/instances?limit=0')).body.issues).toEqual([
      { path: 'limit', message: 'Must be from 1 to 200' },
    ]);
    expect((await get('/api/instances?limit=16')).status).toBe(200);
  });

  it('refuses ?wait=0x10 on a start and starts nothing', async () => {
    const answer = await t.call('ada', 'POST', '/api/instances?wait=0x10', { workflowId: 'none' });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Refusal).issues).toEqual([
      { path: 'wait', message: 'Expected a whole number of milliseconds, such as 5000' },
    ]);
    expect(await t.rt.store.listInstances({}, { limit: 10 })).toMatchObject({ items: [] });
  });

  it('holds every whole-number parameter of every documented route to digits alone', async () => {
    const document = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const numeric = (operation.parameters ?? []).filter(
          (p) => p.in === 'query' && [p.schema?.type].flat().includes('integer'),
        );
        if (numeric.length === 0) continue;
        const url = `${path.replace(/\{[^}]+\}/g, 'x')}?${numeric.map((p) => `${p.name}=0x10`).join('&')}`;
        const answer = await t.call('ada', method.toUpperCase(), url, method === 'get' ? undefined : {});
        expect(answer.status, `${method} ${url}`).toBe(400);
        const issues = ((await answer.json()) as Refusal).issues ?? [];
        for (const { name } of numeric) {
          expect(issues, `${method} ${url}`).toContainEqual({ path: name, message: expect.any(String) });
          checked.push(`${method} ${path} ${name}`);
        }
      }
    // So a parameter that stops being documented as a number (and escapes this walk) is noticed.
    expect(checked).toEqual(
      expect.arrayContaining([
        'get /api/definitions limit',
        'post /api/instances wait',
        'get /api/instances limit',
        'get /api/instances version',
        'get /api/instances createdFrom',
        'get /api/instances createdTo',
        'get /api/tasks limit',
        'post /api/webhooks/{workflowId} wait',
        'get /api/users limit',
        'get /api/groups limit',
        'get /api/statistics/workflows from',
        'get /api/statistics/workflows/{id} version',
        'get /api/people limit',
      ]),
    );
  });

  it('refuses a version path segment that is not plain digits', async () => {
    const answer = await get('/api/definitions/x/versions/0x1');
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([{ path: 'version', message: 'Expected a whole number, such as 2' }]);
  });

  it('refuses a start time range that ends before it begins, on createdTo', async () => {
    for (const query of [
      'createdFrom=2000&createdTo=1000',
      'createdFrom=2026-11-02&createdTo=2026-11-01',
      'createdFrom=1000&createdTo=1000',
    ]) {
      const answer = await get(`/api/instances?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.issues, query).toEqual([
        { path: 'createdTo', message: 'Must be after createdFrom (createdTo itself is not included)' },
      ]);
    }
  });

  it('takes ISO 8601 or epoch milliseconds for createdFrom and createdTo, and says so otherwise', async () => {
    expect((await get('/api/instances?createdFrom=2026-11-01&createdTo=2026-11-01T08:00:00Z')).status).toBe(
      200,
    );
    expect((await get('/api/instances?createdFrom=0&createdTo=1793520000000')).status).toBe(200);
    for (const value of ['yesterday', '1e12', '', '2026-11-01T08:00:00']) {
      const answer = await get(`/api/instances?createdFrom=${encodeURIComponent(value)}`);
      expect(answer.status, value).toBe(400);
      expect(answer.body.issues, value).toEqual([
        {
          path: 'createdFrom',
          message: expect.stringMatching(
            /^Expected a time as ISO 8601 \(2026-11-01, .*\) or epoch milliseconds/,
          ),
        },
      ]);
    }
  });
});
