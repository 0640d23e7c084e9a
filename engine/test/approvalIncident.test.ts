import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../src/testing';
import { drive } from './harness';

const flow = (policy: 'any' | 'all') =>
  aWorkflow()
    .nodes(
      n.trigger(),
      n.approval('mgr', {
        assignees: [
          { type: 'user', id: 'ann' },
          { type: 'user', id: 'bob' },
        ],
        policy: { type: policy },
      }),
      n.end('ok'),
      n.end('no', 'rejected'),
    )
    .edges('start -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> no')
    .build();

const unassignable = (taskKey: string, at = 2_000) => ({
  type: 'task.unassignable' as const,
  taskKey,
  code: 'SELF_APPROVAL',
  message: 'bob started this request and may not decide it',
  at,
});

describe('an approval task the runtime cannot assign', () => {
  it('raises an incident on the approval node instead of leaving a silent dead task', () => {
    const run = drive(flow('all'));
    const [, bob] = run.commandsOf('task.create');
    const step = run.send(unassignable(bob!.taskKey));
    expect(step.changed).toBe(true);
    expect(run.active).toEqual(['mgr']);
    expect(run.context.approvals['mgr']?.incident).toEqual({
      code: 'SELF_APPROVAL',
      message: 'bob started this request and may not decide it',
      taskKeys: [bob!.taskKey],
    });
    // Reported twice (a re-dispatch), or for a task that is not open: nothing changes.
    expect(run.send(unassignable(bob!.taskKey, 2_500)).changed).toBe(false);
    expect(run.send(unassignable('mgr#9#0')).changed).toBe(false);
  });

  it('lets an operator retry: the tasks are withdrawn and the approval opens afresh', () => {
    const run = drive(flow('all'));
    const [ann, bob] = run.commandsOf('task.create');
    run.send(unassignable(bob!.taskKey));
    const retried = run.send({ type: 'job.retry', nodeId: 'mgr', by: 'ops', at: 3_000 });
    expect(retried.changed).toBe(true);
    expect(
      run
        .commandsOf('task.cancel')
        .map((c) => c.taskKey)
        .sort(),
    ).toEqual([ann!.taskKey, bob!.taskKey].sort());
    expect(run.commandsOf('task.create').map((c) => c.taskKey)).toEqual(['mgr#2#0', 'mgr#2#1']);
    expect(run.context.approvals['mgr']?.incident).toBeUndefined();
    // Without an incident, a retry means nothing here.
    expect(run.send({ type: 'job.retry', nodeId: 'mgr', at: 3_500 }).changed).toBe(false);
  });

  it('still lets the other approvers settle it, which ends the incident with the node', () => {
    const run = drive(flow('any'));
    const [ann, bob] = run.commandsOf('task.create');
    run.send(unassignable(bob!.taskKey));
    run.send({ type: 'task.decided', taskKey: ann!.taskKey, outcome: 'approved', by: 'ann', at: 3_000 });
    expect(run.active).toEqual(['ok']);
    expect(run.context.approvals['mgr']).toBeUndefined();
  });

  it('forbids self-approval by default; a definition may turn it off', () => {
    const approval = (extra: Parameters<typeof n.approval>[1]) =>
      aWorkflow().nodes(n.trigger(), n.approval('mgr', extra), n.end('ok'), n.end('no', 'rejected'));
    const on = approval({}).edges('start -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> no').build();
    const off = approval({ segregationOfDuties: false })
      .edges('start -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> no')
      .build();
    const nodeOf = (d: typeof on) =>
      d.nodes.find((node) => node.id === 'mgr') as { segregationOfDuties: boolean };
    expect(nodeOf(on).segregationOfDuties).toBe(true);
    expect(nodeOf(off).segregationOfDuties).toBe(false);
  });
});
