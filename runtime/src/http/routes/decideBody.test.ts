import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testApp';
import { invalidInputIssues } from '../invalidInputIssues';

// An approval without form fields: a decision is an outcome and perhaps a comment, nothing else.
const access = aWorkflow('access')
  .nodes(n.trigger(), n.approval('manager', { assignees: [{ type: 'user', id: 'mia' }] }), n.end('done'))
  .edges('start -> manager', 'manager:approved -> done', 'manager:rejected -> done')
  .document();

describe('POST /api/tasks/{id}/decide takes only the fields it documents', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('mia', ['approver']);
    await t.rt.publish(access);
  });
  afterEach(() => t.close());

  const start = async () => {
    const instance = await t.rt.executor.start({ workflowId: 'access', input: {}, startedBy: 'dora' });
    const { items } = await t.rt.store.listTasks({ instanceId: instance.id }, { limit: 1 });
    return { instance, path: `/api/tasks/${encodeURIComponent(items[0]!.id)}/decide` };
  };
  const refusedAt = async (response: Response) =>
    (await invalidInputIssues(response)).map((i) => i.path).sort();

  it('refuses unknown top-level fields by name, and an approval form with fields the task does not have', async () => {
    const { instance, path } = await start();
    const before = await t.rt.store.readHistory(instance.id);
    expect(await refusedAt(await t.call('mia', 'POST', path, { outcome: 'approved', bogus: 1 }))).toEqual([
      'bogus',
    ]);
    expect(
      await refusedAt(await t.call('mia', 'POST', path, { outcome: 'approved', coment: 'typo', form: {} })),
    ).toEqual(['coment']);
    expect(
      await refusedAt(await t.call('mia', 'POST', path, { outcome: 'approved', form: { x: 1, y: 2 } })),
    ).toEqual(['form.x', 'form.y']);
    expect(await t.rt.store.readHistory(instance.id)).toEqual(before);

    const decided = await t.call('mia', 'POST', path, { outcome: 'approved', comment: 'ok', form: {} });
    expect(decided.status).toBe(200);
    expect(await t.rt.store.getInstance(instance.id)).toMatchObject({ status: 'completed' });
  });
});
