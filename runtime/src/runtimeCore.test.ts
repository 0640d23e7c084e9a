import { accessApprovalV1 } from '@flowline/examples';
import type { WorkflowDefinitionInput } from '@flowline/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCountingConnector, createTestRuntime, maria, type TestRuntime } from './testing';

const accessApproval = accessApprovalV1 as WorkflowDefinitionInput;
const form = { system: 'crm', accessLevel: 'read', justification: 'Sales onboarding', manager: 'maria' };

const automated: WorkflowDefinitionInput = {
  id: 'automated',
  name: 'Automated',
  input: [{ key: 'n', label: 'N', type: 'number', required: true }],
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'call',
      name: 'Call',
      kind: 'task',
      action: 'counter.record',
      input: { value: 'input.n', failTimes: '1' },
      retry: { maxAttempts: 3, initialDelay: 'PT1S' },
    },
    { id: 'pause', name: 'Pause', kind: 'wait', wait: { type: 'duration', duration: 'PT1H' } },
    { id: 'done', name: 'Done', kind: 'end', output: { count: 'nodes.call.result.count' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'call' },
    { id: 'e2', source: 'call', target: 'pause' },
    { id: 'e3', source: 'pause', target: 'done' },
  ],
};

describe('runtime core', () => {
  let rt: TestRuntime;
  const counting = createCountingConnector();
  beforeEach(async () => {
    rt = await createTestRuntime({ connectors: [counting.connector] });
    await rt.publish(accessApproval);
    await rt.publish(automated);
    await rt.store.createUser(maria);
  });
  afterEach(() => rt.close());

  it('runs an approval: task created, decided by the assignee, instance completed with history', async () => {
    const instance = await rt.executor.start({
      workflowId: 'access-approval',
      input: form,
      startedBy: 'eve',
    });
    const { items } = await rt.store.listTasks({ instanceId: instance.id, status: 'open' }, { limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]!.assignee).toEqual({ type: 'user', id: 'maria' });
    await rt.tasks.decide(items[0]!.id, maria, { outcome: 'approved', comment: 'fine' });
    const done = await rt.store.getInstance(instance.id);
    expect(done).toMatchObject({
      status: 'completed',
      outcome: 'completed',
      output: { system: 'crm', accessLevel: 'read' },
    });
    expect((await rt.store.getTask(items[0]!.id))?.status).toBe('decided');
    const history = await rt.store.readHistory(instance.id);
    expect(history.find((h) => h.type === 'task.decided')).toMatchObject({
      actor: 'maria',
      data: { outcome: 'approved', comment: 'fine' },
    });
    expect(await rt.store.verifyHistory(instance.id)).toMatchObject({ ok: true });
  });

  it('refuses a decision from someone who is not an assignee, and a second decision', async () => {
    const instance = await rt.executor.start({ workflowId: 'access-approval', input: form });
    const [task] = (await rt.store.listTasks({ instanceId: instance.id }, { limit: 10 })).items;
    await expect(
      rt.tasks.decide(task!.id, { ...maria, id: 'mallory' }, { outcome: 'approved' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await rt.tasks.decide(task!.id, maria, { outcome: 'rejected', comment: 'no' });
    await expect(rt.tasks.decide(task!.id, maria, { outcome: 'approved' })).rejects.toMatchObject({
      code: 'ALREADY_DECIDED',
    });
  });

  it('lets exactly one of two simultaneous decisions win', async () => {
    const instance = await rt.executor.start({ workflowId: 'access-approval', input: form });
    const [task] = (await rt.store.listTasks({ instanceId: instance.id }, { limit: 10 })).items;
    const results = await Promise.allSettled([
      rt.tasks.decide(task!.id, maria, { outcome: 'approved' }),
      rt.tasks.decide(task!.id, maria, { outcome: 'rejected', comment: 'no' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'ALREADY_DECIDED' },
    });
  });

  it('escalates by a durable timer when the manager does not answer', async () => {
    const instance = await rt.executor.start({ workflowId: 'access-approval', input: form });
    await rt.advance(3 * 86_400_000 + 1);
    const open = (await rt.store.listTasks({ instanceId: instance.id, status: 'open' }, { limit: 10 })).items;
    expect(open.map((t) => t.assignee)).toEqual([{ type: 'group', id: 'service-desk' }]);
    expect(
      (await rt.store.listTasks({ instanceId: instance.id, status: 'cancelled' }, { limit: 10 })).items,
    ).toHaveLength(1);
  });

  it('runs jobs with retries and an idempotency key, then a durable wait, then ends', async () => {
    const instance = await rt.executor.start({ workflowId: 'automated', input: { n: 7 } });
    await rt.runJobs();
    expect((await rt.store.getInstance(instance.id))!.currentNodes).toEqual(['call']);
    await rt.advance(2_000);
    await rt.runJobs();
    expect((await rt.store.getInstance(instance.id))!.currentNodes).toEqual(['pause']);
    await rt.advance(3_600_000);
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { count: 1 },
    });
    expect(counting.attempts.get(`${instance.id}:call#1`)).toBe(2);
    // Each attempt's record was completed with the step its result caused.
    expect(await rt.store.countJobs('failed')).toBe(1);
    expect(await rt.store.countJobs('succeeded')).toBe(1);
    expect((await rt.store.countJobs('running')) + (await rt.store.countJobs('queued'))).toBe(0);
    // The wait's timer was marked fired by the step it caused.
    expect(await rt.store.countDueTimers(rt.clock.now())).toBe(0);
  });

  it('settles a running job whose instance was cancelled meanwhile, and ignores its result', async () => {
    const instance = await rt.executor.start({ workflowId: 'automated', input: { n: 1 } });
    expect(await rt.worker.poll()).toBe(1);
    // The call is under way; the cancel commits first and withdraws the job.
    await rt.executor.send(instance.id, { type: 'instance.cancel', by: 'admin', at: rt.clock.now() });
    await rt.worker.idle();
    expect(await rt.store.getInstance(instance.id)).toMatchObject({ status: 'cancelled' });
    expect(await rt.store.countJobs('cancelled')).toBe(1);
    expect(await rt.store.countJobs('running')).toBe(0);
    expect((await rt.store.readHistory(instance.id)).some((h) => h.type === 'job.failed')).toBe(false);
  });

  it('refuses input that does not fit the request form, with field-level issues', async () => {
    await expect(
      rt.executor.start({ workflowId: 'access-approval', input: { ...form, system: 'mainframe', extra: 1 } }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: expect.arrayContaining([expect.objectContaining({ path: 'system' })]) },
    });
    await expect(
      rt.executor.start({ workflowId: 'access-approval', input: JSON.parse('{"__proto__": {"x": 1}}') }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('cancels an instance and withdraws its open tasks', async () => {
    const instance = await rt.executor.start({ workflowId: 'access-approval', input: form });
    await rt.executor.send(
      instance.id,
      { type: 'instance.cancel', by: 'admin', at: rt.clock.now() },
      { actor: 'admin' },
    );
    expect((await rt.store.getInstance(instance.id))?.status).toBe('cancelled');
    expect(
      (await rt.store.listTasks({ instanceId: instance.id, status: 'open' }, { limit: 10 })).items,
    ).toEqual([]);
  });

  it('holds a task that failed with no error edge as an incident until an operator retries it', async () => {
    await rt.publish({
      id: 'fragile',
      name: 'Fragile',
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        {
          id: 'call',
          name: 'Call',
          kind: 'task',
          action: 'counter.record',
          input: { failTimes: '1' },
          retry: { maxAttempts: 1 },
        },
        { id: 'done', name: 'Done', kind: 'end' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'done' },
      ],
    });
    const instance = await rt.executor.start({ workflowId: 'fragile', input: {} });
    await rt.runJobs();
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'running',
      currentNodes: ['call'],
    });
    const retried = await rt.executor.send(
      instance.id,
      { type: 'job.retry', nodeId: 'call', by: 'ops', at: rt.clock.now() },
      { actor: 'ops' },
    );
    expect(retried.changed).toBe(true);
    await rt.runJobs();
    expect((await rt.store.getInstance(instance.id))?.status).toBe('completed');
  });

  it('runs a subworkflow and continues the parent with its output', async () => {
    await rt.publish({
      id: 'child',
      name: 'Child',
      input: [{ key: 'n', label: 'N', type: 'number', required: true }],
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        { id: 'done', name: 'Done', kind: 'end', output: { doubled: 'input.n * 2' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'done' }],
    });
    await rt.publish({
      id: 'parent',
      name: 'Parent',
      variables: [{ name: 'doubled' }],
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        {
          id: 'sub',
          name: 'Sub',
          kind: 'subworkflow',
          workflowId: 'child',
          input: { n: '21' },
          output: { doubled: 'result.output.doubled' },
        },
        { id: 'done', name: 'Done', kind: 'end', output: { answer: 'vars.doubled' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'sub' },
        { id: 'e2', source: 'sub', target: 'done' },
      ],
    });
    const parent = await rt.executor.start({ workflowId: 'parent', input: {} });
    // The child runs after the parent's start has answered.
    await rt.idle();
    expect(await rt.store.getInstance(parent.id)).toMatchObject({
      status: 'completed',
      output: { answer: 42 },
    });
    const children = await rt.store.listInstances({ workflowId: 'child' }, { limit: 10 });
    expect(children.items).toEqual([
      expect.objectContaining({
        parent: { instanceId: parent.id, childKey: 'sub#1', rootId: parent.id, depth: 1 },
        status: 'completed',
      }),
    ]);
  });
});
