import { aWorkflow, n } from '@flowline/engine/testing';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestIssuesOf } from './requestIssues';
import { createTestApp, type TestApp } from './testApp';
import { invalidInputIssues } from './invalidInputIssues';

const issuesOf = (schema: z.ZodType, input: unknown, prefix?: string[]) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be refused');
  return requestIssuesOf(parsed.error.issues, input, prefix);
};

describe('requestIssuesOf: a field left out', () => {
  const Decision = z.object({
    outcome: z.string().min(1),
    kind: z.enum(['approve', 'reject']),
    to: z.union([z.string(), z.number()]),
    form: z.object({ reason: z.string() }),
  });

  it('reads `"<field>" is required` for a missing string, option or union, at the field’s own path', () => {
    expect(issuesOf(Decision, { form: {} })).toEqual([
      { path: 'outcome', message: '"outcome" is required' },
      { path: 'kind', message: '"kind" is required' },
      { path: 'to', message: '"to" is required' },
      { path: 'form.reason', message: '"form.reason" is required' },
    ]);
  });

  it('keeps zod’s message for a field that was sent but is wrong', () => {
    const issues = issuesOf(Decision, { outcome: '', kind: 'maybe', to: true, form: { reason: 3 } });
    expect(issues.map((issue) => issue.path)).toEqual(['outcome', 'kind', 'to', 'form.reason']);
    for (const issue of issues) expect(issue.message).not.toMatch(/is required/);
    // Sent as null: there, but not a string.
    expect(issuesOf(z.object({ to: z.string() }), { to: null })[0]?.message).toMatch(/received null/);
  });

  it('names a missing object once, not its fields, and leaves a body that is not an object alone', () => {
    expect(issuesOf(Decision.pick({ form: true }), {})).toEqual([
      { path: 'form', message: '"form" is required' },
    ]);
    expect(issuesOf(Decision, 'text')).toEqual([
      { path: '(body)', message: expect.not.stringMatching(/required/) },
    ]);
  });

  it('puts a prefix in front of both path and message', () => {
    expect(issuesOf(z.object({ host: z.string() }), {}, ['settings'])).toEqual([
      { path: 'settings.host', message: '"settings.host" is required' },
    ]);
  });

  it('still names each unknown key on its own', () => {
    expect(issuesOf(z.strictObject({ to: z.string() }), { to: 'a', coment: 'x' })).toEqual([
      { path: 'coment', message: 'Unknown field "coment"' },
    ]);
  });
});

const access = aWorkflow('access')
  .nodes(
    n.trigger(),
    n.approval('manager', { assignees: [{ type: 'user', id: 'mia' }], allowDelegation: true }),
    n.end('done'),
  )
  .edges('start -> manager', 'manager:approved -> done', 'manager:rejected -> done')
  .document();

describe('HTTP API: a required field left out is named as required', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('mia', ['approver']);
    await t.user('rob', ['approver']);
    await t.rt.publish(access);
  });
  afterAll(() => t.close());

  const issues = invalidInputIssues;
  const openTask = async () => {
    const instance = await t.rt.executor.start({ workflowId: 'access', input: {}, startedBy: 'rob' });
    return (await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 })).items[0]!;
  };

  it('a query parameter: deleting a draft without draftRev', async () => {
    expect(await issues(await t.call('ada', 'DELETE', '/api/definitions/access'))).toEqual([
      { path: 'draftRev', message: '"draftRev" is required' },
    ]);
  });

  it('a body field: a decision without outcome, a delegation without to', async () => {
    const task = await openTask();
    const at = `/api/tasks/${encodeURIComponent(task.id)}`;
    expect(await issues(await t.call('mia', 'POST', `${at}/decide`, { comment: 'fine' }))).toEqual([
      { path: 'outcome', message: '"outcome" is required' },
    ]);
    expect(await issues(await t.call('mia', 'POST', `${at}/delegate`, {}))).toEqual([
      { path: 'to', message: '"to" is required' },
    ]);
    expect(await t.rt.store.getTask(task.id)).toMatchObject({ status: 'open' });
  });

  it('a nested body field: a connection setting', async () => {
    const response = await t.call('ada', 'PUT', '/api/connections/email/ops', {
      settings: { from: 'Flowline <flow@example.com>' },
    });
    expect(await issues(response)).toEqual([
      { path: 'settings.host', message: '"settings.host" is required' },
    ]);
  });
});
