import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../src/testing';
import { drive } from './harness';

const approvers = ['ann', 'bob', 'cid'].map((id) => ({ type: 'user' as const, id }));

function approvalFlow(extra: Parameters<typeof n.approval>[1]) {
  const escalates = extra?.due?.onTimeout.type === 'escalate';
  return aWorkflow()
    .nodes(
      n.trigger(),
      n.approval('mgr', { assignees: approvers, ...extra }),
      n.end('ok'),
      n.end('no', 'rejected'),
    )
    .nodes(...(escalates ? [n.end('late')] : []))
    .edges(
      'start -> mgr',
      'mgr:approved -> ok',
      'mgr:rejected -> no',
      ...(escalates ? ['mgr:timeout -> late'] : []),
    )
    .build();
}

describe('approval node', () => {
  it('creates one task per assignee and settles a quorum once enough approve', () => {
    const run = drive(approvalFlow({ policy: { type: 'quorum', count: 2 } }));
    const tasks = run.commandsOf('task.create');
    expect(tasks.map((t) => t.assignee.id)).toEqual(['ann', 'bob', 'cid']);
    run.send({ type: 'task.decided', taskKey: tasks[0]!.taskKey, outcome: 'approved', by: 'ann', at: 2_000 });
    expect(run.active).toEqual(['mgr']);
    run.send({ type: 'task.decided', taskKey: tasks[1]!.taskKey, outcome: 'approved', by: 'bob', at: 3_000 });
    expect(run.active).toEqual(['ok']);
    expect(run.done).toBe(true);
    // The third approver's task is withdrawn; the decided ones are not.
    expect(run.commandsOf('task.cancel').map((c) => c.taskKey)).toEqual([tasks[2]!.taskKey]);
    expect(run.context.nodes['mgr']).toMatchObject({
      outcome: 'approved',
      decisions: [{ by: 'ann' }, { by: 'bob' }],
    });
  });

  it('rejects a quorum as soon as it can no longer be reached', () => {
    const run = drive(approvalFlow({ policy: { type: 'quorum', count: 2 } }));
    const tasks = run.commandsOf('task.create');
    run.send({
      type: 'task.decided',
      taskKey: tasks[0]!.taskKey,
      outcome: 'rejected',
      by: 'ann',
      comment: 'no budget',
      at: 2_000,
    });
    expect(run.active).toEqual(['mgr']);
    run.send({
      type: 'task.decided',
      taskKey: tasks[2]!.taskKey,
      outcome: 'rejected',
      by: 'cid',
      comment: 'no',
      at: 2_500,
    });
    expect(run.active).toEqual(['no']);
    expect(run.context.outcome).toBe('rejected');
  });

  it('opens a sequence one approver at a time and stops at the first rejection', () => {
    const run = drive(approvalFlow({ policy: { type: 'sequence' } }));
    const first = run.commandsOf('task.create');
    expect(first.map((t) => t.assignee.id)).toEqual(['ann']);
    run.send({ type: 'task.decided', taskKey: first[0]!.taskKey, outcome: 'approved', by: 'ann', at: 2_000 });
    const second = run.command('task.create');
    expect(second.assignee.id).toBe('bob');
    run.send({
      type: 'task.decided',
      taskKey: second.taskKey,
      outcome: 'rejected',
      by: 'bob',
      comment: 'too risky',
      at: 3_000,
    });
    expect(run.active).toEqual(['no']);
    expect(run.commandsOf('task.create')).toEqual([]);
    expect(run.context.nodes['mgr']).toMatchObject({
      outcome: 'rejected',
      decisions: [{ by: 'ann' }, { by: 'bob', comment: 'too risky' }],
    });
  });

  it('needs every approver under the all policy', () => {
    const run = drive(approvalFlow({ policy: { type: 'all' } }));
    const tasks = run.commandsOf('task.create');
    for (const [i, task] of tasks.entries()) {
      expect(run.active).toEqual(['mgr']);
      run.send({
        type: 'task.decided',
        taskKey: task.taskKey,
        outcome: 'approved',
        by: approvers[i]!.id,
        at: 2_000 + i,
      });
    }
    expect(run.active).toEqual(['ok']);
  });

  it('escalates along the timeout edge when the due timer fires', () => {
    const run = drive(approvalFlow({ due: { after: 'P2D', onTimeout: { type: 'escalate' } } }), {}, 1_000);
    const timer = run.command('timer.schedule');
    expect(timer.fireAt).toBe(1_000 + 2 * 86_400_000);
    expect(run.command('task.create').dueAt).toBe(timer.fireAt);
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(run.active).toEqual(['late']);
    expect(run.context.nodes['mgr']).toMatchObject({ outcome: 'escalated', timedOut: true });
    expect(run.commandsOf('task.cancel')).toHaveLength(3);
  });

  it('settles with the configured outcome when overdue', () => {
    const run = drive(
      approvalFlow({ due: { after: 'PT1H', onTimeout: { type: 'outcome', outcome: 'rejected' } } }),
    );
    const timer = run.command('timer.schedule');
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(run.active).toEqual(['no']);
  });

  it('ignores a due timer that fires after the approval was decided', () => {
    const run = drive(
      aWorkflow()
        .nodes(
          n.trigger(),
          n.approval('first', { due: { after: 'PT1H', onTimeout: { type: 'escalate' } } }),
          n.approval('second'),
          n.end('ok'),
          n.end('no', 'rejected'),
        )
        .edges(
          'start -> first',
          'first:approved -> second',
          'first:rejected -> no',
          'first:timeout -> no',
          'second:approved -> ok',
          'second:rejected -> no',
        )
        .build(),
    );
    const timer = run.command('timer.schedule');
    run.send({
      type: 'task.decided',
      taskKey: run.command('task.create').taskKey,
      outcome: 'approved',
      by: 'ann',
      at: 2_000,
    });
    expect(run.commandsOf('timer.cancel').map((c) => c.timerKey)).toEqual([timer.timerKey]);
    const before = run.result.state;
    const after = run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(after.changed).toBe(false);
    expect(after.state).toEqual(before);
    expect(run.active).toEqual(['second']);
  });

  it('ignores a decision on a task that is not open, and an outcome the node does not offer', () => {
    const run = drive(approvalFlow({ policy: { type: 'all' } }));
    const [task] = run.commandsOf('task.create');
    expect(
      run.send({ type: 'task.decided', taskKey: 'mgr#9#0', outcome: 'approved', by: 'ann', at: 2_000 })
        .changed,
    ).toBe(false);
    expect(
      run.send({ type: 'task.decided', taskKey: task!.taskKey, outcome: 'maybe', by: 'ann', at: 2_000 })
        .changed,
    ).toBe(false);
    run.send({ type: 'task.decided', taskKey: task!.taskKey, outcome: 'approved', by: 'ann', at: 2_000 });
    expect(
      run.send({ type: 'task.decided', taskKey: task!.taskKey, outcome: 'rejected', by: 'ann', at: 2_100 })
        .changed,
    ).toBe(false);
  });

  it('hands an open task to a delegate when allowed, once, and not after it was decided', () => {
    const run = drive(approvalFlow({ policy: { type: 'sequence' }, allowDelegation: true }));
    const [first] = run.commandsOf('task.create');
    const to = { type: 'user' as const, id: 'dora' };
    const delegated = run.send({ type: 'task.delegated', taskKey: first!.taskKey, to, by: 'ann', at: 2_000 });
    expect(delegated.changed).toBe(true);
    expect(delegated.commands).toEqual([
      {
        type: 'task.reassign',
        taskKey: first!.taskKey,
        nodeId: 'mgr',
        from: { type: 'user', id: 'ann' },
        to,
      },
    ]);
    // Handing it to its current assignee, or a task that is not open, changes nothing.
    expect(
      run.send({ type: 'task.delegated', taskKey: first!.taskKey, to, by: 'dora', at: 2_100 }).changed,
    ).toBe(false);
    expect(run.send({ type: 'task.delegated', taskKey: 'mgr#1#1', to, by: 'bob', at: 2_200 }).changed).toBe(
      false,
    );
    run.send({ type: 'task.decided', taskKey: first!.taskKey, outcome: 'approved', by: 'dora', at: 3_000 });
    expect(run.context.nodes['mgr']).toMatchObject({ decisions: [{ by: 'dora', assignee: to }] });
    const back = { type: 'user' as const, id: 'ann' };
    expect(
      run.send({ type: 'task.delegated', taskKey: first!.taskKey, to: back, by: 'dora', at: 4_000 }).changed,
    ).toBe(false);
  });

  it('never hands a task to someone with another place in the step: open, to come, or decided', () => {
    const run = drive(approvalFlow({ policy: { type: 'sequence' }, allowDelegation: true }));
    const [first] = run.commandsOf('task.create');
    const user = (id: string) => ({ type: 'user' as const, id });
    const hand = (taskKey: string, to: string, at: number) =>
      run.send({ type: 'task.delegated', taskKey, to: user(to), by: 'ann', at }).changed;
    // Bob and Cid come later in the sequence: they would decide twice.
    expect(hand(first!.taskKey, 'bob', 2_000)).toBe(false);
    expect(hand(first!.taskKey, 'cid', 2_000)).toBe(false);
    expect(hand(first!.taskKey, 'dora', 2_000)).toBe(true);
    run.send({ type: 'task.decided', taskKey: first!.taskKey, outcome: 'approved', by: 'dora', at: 3_000 });
    const second = run.commandsOf('task.create').at(-1)!;
    expect(second.assignee).toEqual(user('bob'));
    // Dora decided the first: she may not take the second; nor may Cid, still to come.
    expect(hand(second.taskKey, 'dora', 4_000)).toBe(false);
    expect(hand(second.taskKey, 'cid', 4_000)).toBe(false);
    expect(hand(second.taskKey, 'eve', 4_000)).toBe(true);
  });

  it('refuses delegation where the approval does not allow it', () => {
    const run = drive(approvalFlow({ policy: { type: 'any' } }));
    const [first] = run.commandsOf('task.create');
    const to = { type: 'user' as const, id: 'dora' };
    expect(
      run.send({ type: 'task.delegated', taskKey: first!.taskKey, to, by: 'ann', at: 2_000 }).changed,
    ).toBe(false);
  });

  it('sends reminders on schedule up to the maximum, numbered', () => {
    const run = drive(approvalFlow({ reminders: { every: 'P1D', max: 2 } }));
    const first = run.command('timer.schedule');
    run.send({ type: 'timer.fired', timerKey: first.timerKey, at: first.fireAt });
    expect(run.command('task.remind')).toMatchObject({ reminder: 1 });
    expect(run.command('task.remind').taskKeys).toHaveLength(3);
    const second = run.command('timer.schedule');
    run.send({ type: 'timer.fired', timerKey: second.timerKey, at: second.fireAt });
    expect(run.command('task.remind')).toMatchObject({ reminder: 2 });
    expect(run.commandsOf('timer.schedule')).toEqual([]);
  });

  it('resolves approvers from an expression such as the requester manager', () => {
    const definition = aWorkflow()
      .input({ key: 'manager', label: 'Manager', type: 'string' })
      .nodes(
        n.trigger(),
        n.approval('mgr', {
          assignees: [
            { type: 'expression', expression: 'input.manager' },
            { type: 'group', id: 'it-security' },
          ],
        }),
        n.end('ok'),
        n.end('no', 'rejected'),
      )
      .edges('start -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> no')
      .build();
    const run = drive(definition, { manager: 'dora' });
    expect(run.commandsOf('task.create').map((t) => t.assignee)).toEqual([
      { type: 'user', id: 'dora' },
      { type: 'group', id: 'it-security' },
    ]);
  });

  it('fails the instance with a node-addressed error when the approver expression gives nobody', () => {
    const definition = aWorkflow()
      .input({ key: 'manager', label: 'Manager', type: 'string' })
      .nodes(
        n.trigger(),
        n.approval('mgr', { assignees: [{ type: 'expression', expression: 'input.manager' }] }),
        n.end('ok'),
        n.end('no', 'rejected'),
      )
      .edges('start -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> no')
      .build();
    const run = drive(definition, { manager: '' });
    expect(run.done).toBe(true);
    expect(run.context.error).toMatchObject({ nodeId: 'mgr', code: 'NO_APPROVER' });
    expect(run.command('instance.complete')).toMatchObject({ outcome: 'failed', error: { nodeId: 'mgr' } });
  });
});
