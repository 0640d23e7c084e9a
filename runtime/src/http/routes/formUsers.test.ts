import { aWorkflow, n } from '@flowline/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';
import { invalidInputIssues } from '../invalidInputIssues';

interface Refusal {
  code: string;
  issues: { path: string; message: string }[];
}

/** As in the access-approval example: the requester names their manager, who approves. */
const access = aWorkflow('access')
  .input(
    { key: 'system', label: 'System', type: 'string', required: true },
    { key: 'manager', label: 'Your manager', type: 'string', format: 'user', required: true },
    { key: 'requester', label: 'Your user id', type: 'string', format: 'user' },
  )
  .nodes(
    n.trigger(),
    n.approval('approve', { assignees: [{ type: 'expression', expression: 'input.manager' }] }),
    n.end('done'),
  )
  .edges('start -> approve', 'approve:approved -> done', 'approve:rejected -> done')
  .document();

/** IT hands the new laptop to someone, named in the completion form. */
const handOver = aWorkflow('hand-over')
  .nodes(
    n.trigger(),
    n.manualTask('give', {
      title: 'Hand over the laptop',
      assignees: [{ type: 'user', id: 'ivan' }],
      form: [{ key: 'to', label: 'Handed to', type: 'string', format: 'user', required: true }],
    }),
    n.end('done'),
  )
  .edges('start -> give', 'give:done -> done')
  .document();

// A field with format "user" names a person by id; naming nobody is refused where a person fills
// the form, rather than becoming an approval assigned to nobody (an incident from the first step).
describe('form fields that name a user', () => {
  let t: TestApp;
  const request = (manager: string) => ({
    workflowId: 'access',
    input: { system: 'crm', manager, requester: '' },
  });
  const instances = async () => (await t.rt.store.listInstances({}, { limit: 10 })).items;

  beforeAll(async () => {
    t = await createTestApp();
    await t.user('rosa', ['requester']);
    await t.user('gus', ['approver']);
    await t.user('ivan', ['approver']);
    await t.user('olga', ['approver']);
    await t.rt.store.updateUser('olga', { disabled: true });
    await t.rt.publish(access);
    await t.rt.publish(handOver);
  });
  afterAll(() => t.close());

  it('refuses a start naming no active user, with the field named, and stores nothing', async () => {
    for (const manager of ['nobody', 'olga']) {
      const answer = await t.call('rosa', 'POST', '/api/instances', request(manager));
      expect(await invalidInputIssues(answer)).toEqual([
        { path: 'manager', message: expect.stringContaining(manager) as string },
      ]);
    }
    expect(await instances()).toEqual([]);
  });

  it('still starts with an active user, who gets the task', async () => {
    const answer = await t.call('rosa', 'POST', '/api/instances', request('gus'));
    expect(answer.status).toBe(201);
    const tasks = (await (await t.call('gus', 'GET', '/api/tasks')).json()) as { items: unknown[] };
    expect(tasks.items).toHaveLength(1);
  });

  it('refuses a decision form naming no active user, and changes nothing', async () => {
    const instance = await t.rt.executor.start({ workflowId: 'hand-over', input: {}, startedBy: 'rosa' });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 });
    const path = `/api/tasks/${encodeURIComponent(items[0]!.id)}/decide`;
    const before = await t.rt.store.readHistory(instance.id);
    const answer = await t.call('ivan', 'POST', path, { outcome: 'done', form: { to: 'nobody' } });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Refusal).issues.map((issue) => issue.path)).toEqual(['form.to']);
    expect(await t.rt.store.readHistory(instance.id)).toEqual(before);
    expect((await t.call('ivan', 'POST', path, { outcome: 'done', form: { to: 'gus' } })).status).toBe(200);
  });
});
