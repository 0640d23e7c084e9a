import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';

const approvalByMaria = aWorkflow('by-maria')
  .nodes(
    n.trigger(),
    n.approval('ok', {
      assignees: [{ type: 'user', id: 'maria' }],
      allowDelegation: true,
      requireCommentOn: [],
    }),
    n.end('yes'),
    n.end('no', 'rejected'),
  )
  .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
  .document();

describe('who hears that a task exists, and what happened to it', () => {
  let t: TestApp;
  let taskId: string;
  let instanceId: string;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('rita', ['approver']); // the requester
    await t.user('maria', ['approver']); // the assignee
    await t.user('olga', ['approver']); // nothing to do with it
    await t.user('vic', ['viewer']);
    await t.rt.publish(approvalByMaria);
    const started = await t.call('rita', 'POST', '/api/instances', { workflowId: 'by-maria', input: {} });
    instanceId = ((await started.json()) as { id: string }).id;
    const { items } = await t.rt.store.listTasks({ instanceId, status: 'open' }, { limit: 10 });
    taskId = items[0]!.id;
  });
  afterEach(() => t.rt.close());

  const path = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;
  const attempts = (who: string, id: string) => [
    t.call(who, 'GET', path(id)),
    t.call(who, 'POST', `${path(id)}/decide`, { outcome: 'approved' }),
    t.call(who, 'POST', `${path(id)}/delegate`, { to: 'olga' }),
    t.call(who, 'POST', `${path(id)}/links`),
  ];
  const answers = async (who: string, id: string) =>
    Promise.all(
      (await Promise.all(attempts(who, id))).map(async (r) => ({
        status: r.status,
        body: (await r.json()) as { code: string; message: string },
      })),
    );

  it('answers someone uninvolved exactly as for a task that does not exist, and changes nothing', async () => {
    const missingId = `${instanceId}:nope:1`;
    const real = await answers('olga', taskId);
    const none = await answers('olga', missingId);
    for (const [i, answer] of real.entries()) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('NOT_FOUND');
      expect(answer.body.message.replace(taskId, 'ID')).toBe(none[i]!.body.message.replace(missingId, 'ID'));
    }
    expect((await t.rt.store.getTask(taskId))?.status).toBe('open');
    expect(await t.rt.store.readHistory(instanceId)).toHaveLength(1);
  });

  it('tells those who may see the request that the task is not theirs', async () => {
    // An admin and a viewer see every instance; the requester sees her own.
    for (const who of ['ada', 'rita']) {
      const decided = await t.call(who, 'POST', `${path(taskId)}/decide`, { outcome: 'approved' });
      expect(decided.status, who).toBe(403);
      expect(await decided.json()).toMatchObject({ code: 'NOT_ASSIGNEE' });
    }
    const viewed = await t.call('vic', 'GET', path(taskId));
    expect(viewed.status).toBe(403);
    expect(await viewed.json()).toMatchObject({ code: 'NOT_ASSIGNEE' });
    // Who handed the task on is still involved: told it is no longer theirs, not that it is gone.
    expect((await t.call('maria', 'POST', `${path(taskId)}/delegate`, { to: 'olga' })).status).toBe(200);
    const after = await t.call('maria', 'POST', `${path(taskId)}/decide`, { outcome: 'approved' });
    expect(after.status).toBe(403);
    expect(await after.json()).toMatchObject({ code: 'NOT_ASSIGNEE' });
  });

  it('says a task was withdrawn, not decided, when its request was cancelled', async () => {
    expect((await t.call('ada', 'POST', `/api/instances/${instanceId}/cancel`, {})).status).toBe(200);
    const decided = await t.call('maria', 'POST', `${path(taskId)}/decide`, { outcome: 'approved' });
    expect(decided.status).toBe(409);
    expect(await decided.json()).toMatchObject({ code: 'TASK_WITHDRAWN', message: /withdrawn/ });
  });

  it('says a request ended with the same code whether one cancels or retries it', async () => {
    expect((await t.call('maria', 'POST', `${path(taskId)}/decide`, { outcome: 'approved' })).status).toBe(
      200,
    );
    const again = await t.call('maria', 'POST', `${path(taskId)}/decide`, { outcome: 'rejected' });
    expect(await again.json()).toMatchObject({ code: 'ALREADY_DECIDED' });
    const cancelled = await t.call('ada', 'POST', `/api/instances/${instanceId}/cancel`, {});
    const retried = await t.call('ada', 'POST', `/api/instances/${instanceId}/retry`, { nodeId: 'ok' });
    for (const answer of [cancelled, retried]) {
      expect(answer.status).toBe(409);
      expect(await answer.json()).toMatchObject({ code: 'INSTANCE_ENDED' });
    }
  });
});
