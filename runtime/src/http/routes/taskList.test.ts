import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

// Two requests, each waiting for Mia's approval: her inbox holds both tasks.
const access = aWorkflow('access')
  .nodes(n.trigger(), n.approval('manager', { assignees: [{ type: 'user', id: 'mia' }] }), n.end('done'))
  .edges('start -> manager', 'manager:approved -> done', 'manager:rejected -> done')
  .document();

interface Page {
  items: { id: string; instanceId: string }[];
  nextCursor: string | null;
}

describe('HTTP API: GET /api/tasks filtered by instance', () => {
  let t: TestApp;
  const ids: string[] = [];
  const tasks = async (query: string) => {
    const answer = await t.call('mia', 'GET', `/api/tasks?${query}`);
    const text = await answer.text();
    return { status: answer.status, body: JSON.parse(text) as Page & { issues?: { path: string }[] } };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('dora', ['designer']);
    await t.user('mia', ['approver']);
    expect(
      (await t.call('dora', 'PUT', '/api/definitions/access', { definition: access, draftRev: 0 })).status,
    ).toBe(200);
    expect((await t.call('dora', 'POST', '/api/definitions/access/publish')).status).toBe(201);
    for (let i = 0; i < 2; i += 1) {
      const started = await t.call('dora', 'POST', '/api/instances', { workflowId: 'access' });
      expect(started.status).toBe(201);
      ids.push(((await started.json()) as { id: string }).id);
    }
  });
  afterAll(() => t.close());

  it('lists only that instance’s tasks, none for an unknown instance, as the instance list filters do', async () => {
    expect((await tasks('')).body.items).toHaveLength(2);
    const first = await tasks(`instanceId=${encodeURIComponent(ids[0]!)}`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((task) => task.instanceId)).toEqual([ids[0]]);
    const unknown = await tasks('instanceId=no-such-instance');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a malformed instance id with a field-level issue', async () => {
    for (const bad of ['', 'x'.repeat(201)]) {
      const answer = await tasks(`instanceId=${bad}`);
      expect(answer.status).toBe(400);
      expect(answer.body.issues?.map((issue) => issue.path)).toEqual(['instanceId']);
    }
  });
});
