import { accessApprovalV1 } from '@flowline/examples';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testApp';

type Assignee = { type: 'user' | 'group'; id: string };

const approvalBy = (id: string, assignees: Assignee[], extra: Record<string, unknown> = {}) =>
  aWorkflow(id)
    .nodes(
      n.trigger(),
      n.approval('ok', { assignees, allowDelegation: true, requireCommentOn: [], ...extra }),
      n.end('yes'),
      n.end('no', 'rejected'),
    )
    .edges('start -> ok', 'ok:approved -> yes', 'ok:rejected -> no')
    .document();

interface Incident {
  nodeId: string;
  error: { code: string; message: string };
}

describe('one decision policy for the API and approval links', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('rita', ['approver']); // the requester
    await t.user('maria', ['approver']);
    await t.user('olga', ['approver']);
    await t.user('vic', ['viewer']);
  });
  afterEach(() => t.rt.close());

  /** Starts `workflowId` as rita through the API; the instance id and its open tasks. */
  async function request(workflowId: string, input: Record<string, unknown> = {}, as = 'rita') {
    const started = await t.call(as, 'POST', '/api/instances', { workflowId, input });
    expect(started.status, JSON.stringify(await started.clone().json())).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const { items } = await t.rt.store.listTasks({ instanceId: id, status: 'open' }, { limit: 10 });
    return { id, tasks: items };
  }
  const taskPath = (taskId: string) => `/api/tasks/${encodeURIComponent(taskId)}`;
  const decide = (who: string, taskId: string, outcome = 'approved') =>
    t.call(who, 'POST', `${taskPath(taskId)}/decide`, { outcome });
  const link = (taskId: string, approverId: string, decision = 'approved') =>
    `/approve/${t.links.sign({ taskId, approverId, decision, expiresAt: t.rt.clock.now() + 3_600_000 }, t.rt.clock.now())}`;
  const confirm = (path: string) =>
    t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'comment=by+mail',
    });
  it('refuses a link of an approver who may no longer decide, exactly where the API refuses', async () => {
    await t.rt.publish(approvalBy('by-maria', [{ type: 'user', id: 'maria' }]));
    const { tasks } = await request('by-maria');
    const taskId = tasks[0]!.id;
    const mailed = link(taskId, 'maria');
    // Maria is made a viewer after the e-mail went out.
    expect((await t.call('ada', 'PATCH', '/api/users/maria', { roles: ['viewer'] })).status).toBe(200);
    expect((await decide('maria', taskId)).status).toBe(403);
    const preview = await t.app.request(mailed);
    expect(preview.status).toBe(403);
    expect(await preview.text()).not.toContain('<form');
    const viaLink = await confirm(mailed);
    expect(viaLink.status).toBe(403);
    expect(await viaLink.text()).toContain('tasks:decide');
    expect((await t.rt.store.getTask(taskId))?.status).toBe('open');
    // The refusal did not spend the link: restored, she can use it.
    await t.call('ada', 'PATCH', '/api/users/maria', { roles: ['approver'] });
    expect((await confirm(mailed)).status).toBe(200);
    expect((await t.rt.store.getTask(taskId))?.decision).toMatchObject({ by: 'maria', comment: 'by mail' });
  });

  it('answers the API and a link alike: not the assignee, disabled, decided', async () => {
    await t.rt.publish(approvalBy('by-maria', [{ type: 'user', id: 'maria' }]));
    const { tasks } = await request('by-maria');
    const taskId = tasks[0]!.id;
    // Olga is not involved in the request: the task is answered as missing, as its instance is.
    expect((await decide('olga', taskId)).status).toBe(404);
    expect((await confirm(link(taskId, 'olga'))).status).toBe(404);
    await t.call('ada', 'PATCH', '/api/users/maria', { disabled: true });
    expect((await decide('maria', taskId)).status).toBe(401);
    expect((await confirm(link(taskId, 'maria'))).status).toBe(403);
    await t.call('ada', 'PATCH', '/api/users/maria', { disabled: false });
    expect((await decide('maria', taskId)).status).toBe(200);
    expect((await decide('maria', taskId)).status).toBe(409);
    expect((await confirm(link(taskId, 'maria'))).status).toBe(409);
  });

  it('refuses a narrowed token and the links it would mint', async () => {
    await t.rt.publish(approvalBy('by-maria', [{ type: 'user', id: 'maria' }]));
    const { tasks } = await request('by-maria');
    await t.token('maria', ['viewer'], 'maria-viewer');
    expect((await decide('maria-viewer', tasks[0]!.id)).status).toBe(403);
    expect((await t.call('maria-viewer', 'POST', `${taskPath(tasks[0]!.id)}/links`)).status).toBe(403);
  });

  it('refuses delegation to someone who may not decide, field by field', async () => {
    await t.rt.publish(approvalBy('by-maria', [{ type: 'user', id: 'maria' }]));
    await t.user('dora', ['approver']);
    await t.call('ada', 'PATCH', '/api/users/dora', { disabled: true });
    const { id, tasks } = await request('by-maria');
    const delegate = (to: string) =>
      t.call('maria', 'POST', `${taskPath(tasks[0]!.id)}/delegate`, { to, comment: 'away' });
    for (const [to, reason] of [
      ['vic', /tasks:decide/],
      ['rita', /requester/],
      ['dora', /disabled/],
      ['nobody', /No active user/],
    ] as const) {
      const refused = await delegate(to);
      expect(refused.status, to).toBe(400);
      expect(await refused.json()).toMatchObject({
        issues: [{ path: 'to', message: expect.stringMatching(reason) }],
      });
    }
    expect(await t.rt.store.readHistory(id)).toHaveLength(1);
    expect((await delegate('olga')).status).toBe(200);
  });
});

describe('segregation of duties and assignees who cannot decide', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
    await t.user('rita', ['approver'], ['service-desk']);
    await t.user('maria', ['approver'], ['service-desk']);
    await t.user('vic', ['viewer'], ['auditors']);
  });
  afterEach(() => t.rt.close());

  const start = async (workflowId: string, input: Record<string, unknown> = {}) => {
    const started = await t.call('rita', 'POST', '/api/instances', { workflowId, input });
    expect(started.status).toBe(201);
    return ((await started.json()) as { id: string }).id;
  };
  const openTasks = async (instanceId: string) =>
    (await t.rt.store.listTasks({ instanceId, status: 'open' }, { limit: 10 })).items;
  const instance = async (id: string) =>
    (await (await t.call('ada', 'GET', `/api/instances/${id}`)).json()) as {
      status: string;
      incidents: Incident[];
    };
  const decide = (who: string, taskId: string) =>
    t.call(who, 'POST', `/api/tasks/${encodeURIComponent(taskId)}/decide`, { outcome: 'approved' });

  it('refuses self-approval in the access example: an incident, not a decision, via API or link', async () => {
    await t.rt.publish(accessApprovalV1 as never);
    const form = { system: 'crm', accessLevel: 'read', justification: 'Need it', manager: 'rita' };
    const id = await start('access-approval', form);
    expect((await instance(id)).incidents).toEqual([
      expect.objectContaining({
        nodeId: 'managerApproval',
        error: { code: 'SELF_APPROVAL', message: expect.stringContaining('segregation of duties') },
      }),
    ]);
    const [task] = await openTasks(id);
    const refused = await decide('rita', task!.id);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'SELF_APPROVAL' });
    const token = t.links.sign(
      { taskId: task!.id, approverId: 'rita', decision: 'approved', expiresAt: t.rt.clock.now() + 60_000 },
      t.rt.clock.now(),
    );
    const viaLink = await t.app.request(`/approve/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(viaLink.status).toBe(403);
    // Retrying changes nothing while the requester is still the manager; an operator cancels.
    expect(
      (await t.call('ada', 'POST', `/api/instances/${id}/retry`, { nodeId: 'managerApproval' })).status,
    ).toBe(200);
    expect((await instance(id)).incidents).toHaveLength(1);
    expect((await t.call('ada', 'POST', `/api/instances/${id}/cancel`, {})).status).toBe(200);
    expect(await openTasks(id)).toEqual([]);
    expect((await instance(id)).status).toBe('cancelled');
  });

  it('lets the other members of a group decide, never the requester among them', async () => {
    await t.rt.publish(approvalBy('desk', [{ type: 'group', id: 'service-desk' }]));
    const id = await start('desk');
    expect((await instance(id)).incidents).toEqual([]);
    const [task] = await openTasks(id);
    expect(await (await decide('rita', task!.id)).json()).toMatchObject({ code: 'SELF_APPROVAL' });
    expect((await decide('maria', task!.id)).status).toBe(200);
    expect((await instance(id)).status).toBe('completed');
  });

  it("lists a group's task to each member with whether they may decide it, and why not", async () => {
    await t.rt.publish(approvalBy('desk', [{ type: 'group', id: 'service-desk' }]));
    const id = await start('desk');
    const listed = async (who: string) => {
      const response = await t.call(who, 'GET', '/api/tasks');
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as {
        items: { instanceId: string; canDecide: boolean; cannotDecideBecause?: string }[];
      };
      return items.filter((task) => task.instanceId === id);
    };
    expect(await listed('maria')).toEqual([expect.objectContaining({ canDecide: true })]);
    const [own] = await listed('rita');
    expect(own).toMatchObject({ canDecide: false });
    expect(own?.cannotDecideBecause).toMatch(/segregation of duties/);
    expect(await listed('vic')).toEqual([]);
  });

  it('raises an incident for an unknown approver, a viewer, or a group with nobody who may decide', async () => {
    await t.rt.publish(approvalBy('ghost', [{ type: 'user', id: 'ghost' }]));
    await t.rt.publish(approvalBy('viewer', [{ type: 'user', id: 'vic' }]));
    await t.rt.publish(approvalBy('auditors', [{ type: 'group', id: 'auditors' }]));
    await t.rt.publish(approvalBy('empty', [{ type: 'group', id: 'nobody-here' }]));
    const expected = {
      ghost: 'UNKNOWN_APPROVER',
      viewer: 'APPROVER_CANNOT_DECIDE',
      auditors: 'NO_ELIGIBLE_APPROVER',
      empty: 'NO_ELIGIBLE_APPROVER',
    };
    for (const [workflowId, code] of Object.entries(expected)) {
      const id = await start(workflowId);
      expect((await instance(id)).incidents, workflowId).toEqual([
        expect.objectContaining({ nodeId: 'ok', error: expect.objectContaining({ code }) }),
      ]);
    }
  });

  it('opens the approval afresh when an operator retries after fixing the approver', async () => {
    await t.rt.publish(approvalBy('ghost', [{ type: 'user', id: 'ghost' }]));
    const id = await start('ghost');
    expect((await instance(id)).incidents).toHaveLength(1);
    await t.user('ghost', ['approver']);
    const retried = await t.call('ada', 'POST', `/api/instances/${id}/retry`, { nodeId: 'ok' });
    expect(retried.status).toBe(200);
    expect((await instance(id)).incidents).toEqual([]);
    const tasks = await openTasks(id);
    expect(tasks.map((task) => task.assignee)).toEqual([{ type: 'user', id: 'ghost' }]);
    expect((await decide('ghost', tasks[0]!.id)).status).toBe(200);
    expect((await instance(id)).status).toBe('completed');
  });

  it('lets the requester decide where the definition turns segregation of duties off', async () => {
    await t.rt.publish(
      approvalBy('self-service', [{ type: 'user', id: 'rita' }], { segregationOfDuties: false }),
    );
    const id = await start('self-service');
    expect((await instance(id)).incidents).toEqual([]);
    const [task] = await openTasks(id);
    expect((await decide('rita', task!.id)).status).toBe(200);
  });
});
