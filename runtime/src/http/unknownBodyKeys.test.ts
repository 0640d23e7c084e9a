import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';
import { invalidInputIssues } from './invalidInputIssues';

const access = aWorkflow('access')
  .nodes(
    n.trigger(),
    n.approval('manager', { assignees: [{ type: 'user', id: 'mia' }], allowDelegation: true }),
    n.end('done'),
  )
  .edges('start -> manager', 'manager:approved -> done', 'manager:rejected -> done')
  .document();

interface BodySchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

type Operation = { requestBody?: { content?: Record<string, { schema?: BodySchema }> } };

describe('HTTP API: body fields a route does not take', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('mia', ['approver']);
    await t.user('rob', ['approver']);
    await t.user('cal', ['approver']);
    await t.rt.publish(access);
  });
  afterEach(() => t.close());

  const refused = invalidInputIssues;
  const openTask = async (instanceId: string) =>
    (await t.rt.store.listTasks({ instanceId }, { limit: 1 })).items[0]!;

  it('documents every JSON object body as taking only its own fields', async () => {
    const document = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, BodySchema> };
    };
    const open: string[] = [];
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations)) {
        let schema = operation.requestBody?.content?.['application/json']?.schema;
        if (schema?.$ref) schema = document.components.schemas[schema.$ref.split('/').pop()!];
        if (schema?.type === 'object' && schema.properties && schema.additionalProperties !== false)
          open.push(`${method.toUpperCase()} ${path}`);
      }
    expect(open).toEqual([]);
  });

  it('refuses a misspelt start field instead of starting with an empty request form', async () => {
    const issues = await refused(
      await t.call('rob', 'POST', '/api/instances', { workflowId: 'access', inputs: { note: 'x' } }),
    );
    expect(issues).toEqual([{ path: 'inputs', message: 'Unknown field "inputs"' }]);
    expect((await t.rt.store.listInstances({ workflowId: 'access' }, { limit: 10 })).items).toEqual([]);
  });

  it('refuses a misspelt delegation comment, and the task stays with its assignee', async () => {
    const instance = await t.rt.executor.start({ workflowId: 'access', input: {}, startedBy: 'rob' });
    const task = await openTask(instance.id);
    const issues = await refused(
      await t.call('mia', 'POST', `/api/tasks/${encodeURIComponent(task.id)}/delegate`, {
        to: 'cal',
        coment: 'You know the system better',
      }),
    );
    expect(issues?.map((issue) => issue.path)).toEqual(['coment']);
    expect(await t.rt.store.getTask(task.id)).toMatchObject({
      status: 'open',
      assignee: { type: 'user', id: 'mia' },
    });
  });

  it('refuses a misspelt cancel reason, and the instance runs on', async () => {
    const instance = await t.rt.executor.start({ workflowId: 'access', input: {}, startedBy: 'rob' });
    const issues = await refused(
      await t.call('ada', 'POST', `/api/instances/${instance.id}/cancel`, { reson: 'duplicate' }),
    );
    expect(issues?.map((issue) => issue.path)).toEqual(['reson']);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'running' });
  });
});
