import { describe, expect, it } from 'vitest';
import { handlesOf } from '../src/definition/handles';
import { parseDefinition, validate } from '../src/validate';
import { aWorkflow, n, testCatalog } from '../src/testing';
import { drive } from './harness';

const withdrawn = (correlationKey = '', event = 'request.withdrawn') => ({
  type: 'event.received' as const,
  event,
  correlationKey,
  payload: { reason: 'no longer needed' },
  at: 5_000,
});

/** An approval, or a manual task, that the requester's withdrawal cancels. */
function flow(
  kind: 'approval' | 'manualTask' | 'wait',
  cancelOn: { event: string; correlationKey?: string },
) {
  const node =
    kind === 'wait'
      ? n.wait('gate', { type: 'duration', duration: 'P1D' }, { cancelOn })
      : kind === 'approval'
        ? n.approval('gate', {
            due: { after: 'P2D', onTimeout: { type: 'outcome', outcome: 'rejected' } },
            cancelOn,
          })
        : n.manualTask('gate', { cancelOn });
  const outs =
    kind === 'wait'
      ? ['gate -> ok']
      : kind === 'approval'
        ? ['gate:approved -> ok', 'gate:rejected -> ok']
        : ['gate:done -> ok'];
  return aWorkflow()
    .input({ key: 'ticket', label: 'Ticket', type: 'string' })
    .nodes(
      n.trigger(),
      node,
      n.end('ok'),
      n.end('gone', 'cancelled', { why: 'nodes.gate.cancelled.payload.reason' }),
    )
    .edges('start -> gate', ...outs, 'gate:cancelled -> gone')
    .build();
}

describe('boundary-style cancel on waiting nodes', () => {
  it('gives a node with cancelOn a required cancelled exit, and says so when it is missing', () => {
    const parsed = parseDefinition(
      aWorkflow()
        .nodes(n.trigger(), n.manualTask('gate', { cancelOn: { event: 'request.withdrawn' } }), n.end('ok'))
        .edges('start -> gate', 'gate:done -> ok')
        .document(),
    );
    if (!parsed.ok) throw new Error('expected to parse');
    expect(handlesOf(parsed.value.nodes[1]!).required).toEqual(['done', 'cancelled']);
    expect(validate(parsed.value, testCatalog)).toContainEqual(
      expect.objectContaining({ code: 'CANCELLED_WITHOUT_EDGE', nodeId: 'gate', severity: 'error' }),
    );
  });

  it('refuses an outcome named cancelled on a node that an event cancels', () => {
    const definition = aWorkflow()
      .nodes(
        n.trigger(),
        n.manualTask('gate', {
          outcomes: [{ id: 'cancelled', label: 'Called off' }],
          cancelOn: { event: 'request.withdrawn' },
        }),
        n.end('ok'),
      )
      .edges('start -> gate', 'gate:cancelled -> ok')
      .build();
    expect(validate(definition, testCatalog)).toContainEqual(
      expect.objectContaining({
        code: 'CANCEL_ON_OUTCOME_CLASH',
        nodeId: 'gate',
        path: ['nodes', 1, 'outcomes', 0, 'id'],
      }),
    );
  });

  it('cancels an open approval when its event arrives: tasks and timers withdrawn, the cancelled exit taken', () => {
    const run = drive(flow('approval', { event: 'request.withdrawn' }), { ticket: 'T-1' });
    const task = run.command('task.create');
    run.send(withdrawn());
    expect(run.commandsOf('task.cancel').map((c) => c.taskKey)).toEqual([task.taskKey]);
    expect(run.commandsOf('timer.cancel')).toHaveLength(1);
    expect(run.context.outcome).toBe('cancelled');
    expect(run.context.output).toEqual({ why: 'no longer needed' });
  });

  it('cancels a manual task and a timer wait the same way', () => {
    const manual = drive(flow('manualTask', { event: 'request.withdrawn' }));
    manual.send(withdrawn());
    expect(manual.commandsOf('task.cancel')).toHaveLength(1);
    expect(manual.context.outcome).toBe('cancelled');
    const wait = drive(flow('wait', { event: 'request.withdrawn' }));
    wait.send(withdrawn());
    expect(wait.commandsOf('timer.cancel')).toHaveLength(1);
    expect(wait.context.outcome).toBe('cancelled');
  });

  it('with a correlation key, is cancelled only by an event carrying it, and lists the key to be found by', () => {
    const run = drive(flow('manualTask', { event: 'change.cancelled', correlationKey: 'input.ticket' }), {
      ticket: 'CHG-7',
    });
    expect(run.result.correlationKeys).toEqual(['change.cancelled:CHG-7']);
    expect(run.send(withdrawn('CHG-8', 'change.cancelled')).changed).toBe(false);
    expect(run.send(withdrawn('', 'another.event')).changed).toBe(false);
    run.send(withdrawn('CHG-7', 'change.cancelled'));
    expect(run.context.outcome).toBe('cancelled');
    expect(run.result.correlationKeys).toEqual([]);
  });

  it('ignores its event once the node is done', () => {
    const run = drive(flow('manualTask', { event: 'request.withdrawn' }));
    run.send({
      type: 'task.decided',
      taskKey: run.command('task.create').taskKey,
      outcome: 'done',
      by: 'ann',
      at: 2_000,
    });
    expect(run.context.outcome).toBe('completed');
    expect(run.send(withdrawn()).changed).toBe(false);
  });
});

describe('instance withdraw', () => {
  it('withdraws every open task and ends the instance cancelled, saying who withdrew it and why', () => {
    const run = drive(flow('approval', { event: 'request.withdrawn' }));
    run.send({ type: 'instance.withdraw', by: 'requester', reason: 'Found another way', at: 3_000 });
    expect(run.commandsOf('task.cancel')).toHaveLength(1);
    expect(run.context.outcome).toBe('cancelled');
    expect(run.context.output).toEqual({ by: 'requester', reason: 'Found another way', withdrawn: true });
    expect(run.command('instance.complete')).toMatchObject({
      outcome: 'cancelled',
      output: { withdrawn: true },
    });
  });
});
