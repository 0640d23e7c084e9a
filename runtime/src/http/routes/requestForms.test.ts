import { accessApprovalV1 } from '@flowline/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';

interface Form {
  workflowId: string;
  version: number;
  name: string;
  description?: string;
  fields: { key: string }[];
}

// The request portal's catalogue: workflows started from a form the caller may use, with the form.
describe("GET /api/request-forms, delegating by e-mail, the names of an instance's people", () => {
  let t: TestApp;
  const access = accessApprovalV1 as Record<string, unknown>;
  const variant = (id: string, name: string, trigger: unknown) => ({
    ...structuredClone(access),
    id,
    name,
    nodes: (access['nodes'] as { kind: string }[]).map((node) =>
      node.kind === 'trigger' ? { ...node, trigger } : node,
    ),
  });
  const publish = async (definition: Record<string, unknown>) => {
    const id = definition['id'] as string;
    expect((await t.call('dan', 'PUT', `/api/definitions/${id}`, { definition, draftRev: 0 })).status).toBe(
      200,
    );
    expect((await t.call('dan', 'POST', `/api/definitions/${id}/publish`)).status).toBe(201);
  };
  const forms = async (who: string) => {
    const response = await t.call(who, 'GET', '/api/request-forms');
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Form[] }).items;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
    await t.user('gus', ['approver']);
    await t.user('gil', ['approver'], ['cab']);
    await t.user('vic', ['viewer']);
    await publish(access);
    await publish(variant('by-hand', 'Started by hand', { type: 'manual' }));
    await publish(variant('cab-only', 'CAB request', { type: 'form', startableBy: { groups: ['cab'] } }));
    // A draft never published is no form to fill.
    await t.call('dan', 'PUT', '/api/definitions/draft-only', {
      definition: variant('draft-only', 'Draft only', { type: 'form' }),
      draftRev: 0,
    });
  });
  afterAll(() => t.close());

  it('lists the published form-triggered workflows the caller may start, with their fields', async () => {
    const mine = await forms('gus');
    expect(mine.map((f) => f.workflowId)).toEqual(['access-approval']);
    expect(mine[0]).toMatchObject({ version: 1, name: 'Access request approval' });
    expect(mine[0]!.description).toContain('manager approves');
    expect(mine[0]!.fields.map((f) => f.key)).toEqual(['system', 'accessLevel', 'justification', 'manager']);
    // A member of the starter group sees the restricted one too, sorted by name.
    expect((await forms('gil')).map((f) => f.workflowId)).toEqual(['access-approval', 'cab-only']);
  });

  it('answers one form by its address, and whether it takes requests, to those who may use it', async () => {
    const one = async (who: string, id: string) => {
      const response = await t.call(who, 'GET', `/api/request-forms/${id}`);
      return { status: response.status, body: (await response.json()) as Form & { active?: boolean } };
    };
    expect(await one('gus', 'access-approval')).toMatchObject({
      status: 200,
      body: { workflowId: 'access-approval', name: 'Access request approval', active: true },
    });
    const deactivate = async (id: string, action: 'deactivate' | 'activate') =>
      expect((await t.call('dan', 'POST', `/api/definitions/${id}/${action}`)).status).toBe(200);
    await deactivate('access-approval', 'deactivate');
    await deactivate('cab-only', 'deactivate');
    try {
      // Out of the catalogue, but its address says why it takes no request.
      expect((await forms('gus')).map((f) => f.workflowId)).toEqual([]);
      expect(await one('gus', 'access-approval')).toMatchObject({
        status: 200,
        body: { name: 'Access request approval', active: false },
      });
      expect(await one('gil', 'cab-only')).toMatchObject({ status: 200, body: { active: false } });
      // Whoever could not use it hears what they would of a form that does not exist.
      for (const id of ['cab-only', 'by-hand', 'draft-only', 'no-such-form']) {
        const answer = await one('gus', id);
        expect(answer, id).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
        expect(JSON.stringify(answer.body)).not.toMatch(/CAB|hand|Draft/);
      }
    } finally {
      await deactivate('access-approval', 'activate');
      await deactivate('cab-only', 'activate');
    }
  });

  it('answers an address that cannot name a workflow plainly: too long is a 400, odd ones 404', async () => {
    const long = await t.call('gus', 'GET', `/api/request-forms/${'a'.repeat(65)}`);
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ issues: [{ path: 'workflowId' }] });
    for (const id of ['__proto__', 'constructor', '%00', '..%2Fadmin', '%E2%80%AEevil'])
      expect((await t.call('gus', 'GET', `/api/request-forms/${id}`)).status, id).toBe(404);
  });

  it('refuses a viewer, who may not start requests', async () => {
    expect((await t.call('vic', 'GET', '/api/request-forms/access-approval')).status).toBe(403);
    expect((await t.call('vic', 'GET', '/api/request-forms')).status).toBe(403);
  });

  it('delegates to a colleague named by e-mail as well as by id', async () => {
    const started = await t.call('gil', 'POST', '/api/instances', {
      workflowId: 'access-approval',
      input: { system: 'crm', accessLevel: 'read', justification: 'Reports', manager: 'gus' },
    });
    expect(started.status).toBe(201);
    const tasks = (await (await t.call('gus', 'GET', '/api/tasks')).json()) as { items: { id: string }[] };
    const task = tasks.items[0]!;
    const delegated = await t.call('gus', 'POST', `/api/tasks/${encodeURIComponent(task.id)}/delegate`, {
      to: 'dan@example.com',
    });
    expect(delegated.status).toBe(200);
    expect(((await delegated.json()) as { assignee: unknown }).assignee).toEqual({ type: 'user', id: 'dan' });
    // The instance names its people for a timeline: who started it, who handed the task to whom.
    const { id } = (await started.clone().json()) as { id: string };
    const detail = (await (await t.call('gil', 'GET', `/api/instances/${id}`)).json()) as {
      people: Record<string, string>;
    };
    expect(detail.people).toEqual({ gil: 'gil', gus: 'gus', dan: 'dan' });
    const unknown = await t.call('dan', 'POST', `/api/tasks/${encodeURIComponent(task.id)}/delegate`, {
      to: 'nobody@example.com',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ issues: [{ path: 'to' }] });
  });
});
