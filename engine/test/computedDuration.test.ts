import { describe, expect, it } from 'vitest';
import type { WorkflowDefinitionInput } from '../src/definition/types';
import { aWorkflow, n } from '../src/testing';
import { applyEvent, startInstance } from '../src/compile/step';
import { drive, machineOf } from './harness';

// Due dates, reminders and timeouts may be computed per run (a service level by priority):
// `{ "expression": "…" }` beside the fixed ISO-8601 text, evaluated when the step is entered.

type NodeInput = WorkflowDefinitionInput['nodes'][number];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-12-01T08:00:00Z');

const BY_PRIORITY = 'input.priority == "P1" ? "PT15M" : input.priority == "P2" ? "PT1H" : "PT8H"';

/** An acknowledgement (manual task); the priority and an SLA text come from the form. */
function ackFlow(extra: Parameters<typeof n.manualTask>[1]) {
  const due = extra?.due !== undefined;
  return aWorkflow()
    .input(
      { key: 'priority', label: 'Priority', type: 'string' },
      { key: 'sla', label: 'SLA', type: 'string', required: false },
    )
    .variables({ name: 'slaValue', type: 'any', initial: 5 })
    .nodes(n.trigger(), n.manualTask('ack', extra), n.end('ok'))
    .nodes(...(due ? [n.end('late', 'failed')] : []))
    .edges('start -> ack', 'ack:done -> ok', ...(due ? ['ack:timeout -> late'] : []))
    .build();
}

function approvalFlow(extra: Parameters<typeof n.approval>[1]) {
  const escalates = extra?.due?.onTimeout.type === 'escalate';
  return aWorkflow()
    .input({ key: 'priority', label: 'Priority', type: 'string' })
    .nodes(n.trigger(), n.approval('cab', extra), n.end('ok'), n.end('no', 'rejected'))
    .nodes(...(escalates ? [n.end('late')] : []))
    .edges(
      'start -> cab',
      'cab:approved -> ok',
      'cab:rejected -> no',
      ...(escalates ? ['cab:timeout -> late'] : []),
    )
    .build();
}

function waitFlow(wait: Extract<NodeInput, { kind: 'wait' }>['wait']) {
  const timeout = wait.type === 'event' && wait.timeout !== undefined;
  return aWorkflow()
    .input({ key: 'priority', label: 'Priority', type: 'string' }, { key: 'id', label: 'Id', type: 'string' })
    .nodes(n.trigger(), n.wait('hold', wait), n.end('done'))
    .nodes(...(timeout ? [n.end('gaveUp', 'failed')] : []))
    .edges('start -> hold', 'hold -> done', ...(timeout ? ['hold:timeout -> gaveUp'] : []))
    .build();
}

describe('durations computed per run', () => {
  it('keeps a fixed duration as it was: due date, reminders and timer from the text', () => {
    const run = drive(ackFlow({ due: { after: 'PT4H' }, reminders: { every: 'PT1H', max: 2 } }), {}, START);
    expect(run.command('task.create').dueAt).toBe(START + 4 * HOUR);
    expect(run.commandsOf('timer.schedule').map((t) => t.fireAt)).toEqual([START + 4 * HOUR, START + HOUR]);
  });

  it.each([
    ['P1', 15 * MINUTE],
    ['P2', HOUR],
    ['P3', 8 * HOUR],
  ])('gives a %s acknowledgement its own due time, on the task and on its timer', (priority, ms) => {
    const run = drive(ackFlow({ due: { after: { expression: BY_PRIORITY } } }), { priority }, START);
    expect(run.command('task.create').dueAt).toBe(START + ms);
    const timer = run.command('timer.schedule');
    expect(timer.fireAt).toBe(START + ms);
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: START + ms });
    expect(run.active).toEqual(['late']);
  });

  it('evaluates at the step’s own time (the event’s), not a clock: night-time alerts get longer', () => {
    const flow = ackFlow({
      due: { after: { expression: 'now.getHours() < 7 ? "PT2H" : "PT30M"' } },
    });
    const night = Date.parse('2026-12-01T03:00:00Z');
    expect(drive(flow, {}, night).command('task.create').dueAt).toBe(night + 2 * HOUR);
    expect(drive(flow, {}, START).command('task.create').dueAt).toBe(START + 30 * MINUTE);
  });

  it('computes an approval’s due date (escalation) and reminder interval; reminders keep the interval of entry', () => {
    const run = drive(
      approvalFlow({
        due: { after: { expression: BY_PRIORITY }, onTimeout: { type: 'escalate' } },
        reminders: { every: { expression: 'input.priority == "P1" ? "PT5M" : "PT2H"' }, max: 3 },
      }),
      { priority: 'P1' },
      START,
    );
    expect(run.command('task.create').dueAt).toBe(START + 15 * MINUTE);
    expect(run.context.approvals['cab']).toMatchObject({
      dueAt: START + 15 * MINUTE,
      remindEvery: 5 * MINUTE,
    });
    const [due, remind] = run.commandsOf('timer.schedule');
    expect(due!.fireAt).toBe(START + 15 * MINUTE);
    expect(remind!.fireAt).toBe(START + 5 * MINUTE);
    run.send({ type: 'timer.fired', timerKey: remind!.timerKey, at: START + 5 * MINUTE + 700 });
    expect(run.command('task.remind')).toMatchObject({ reminder: 1 });
    expect(run.command('timer.schedule').fireAt).toBe(START + 10 * MINUTE + 700);
    run.send({ type: 'timer.fired', timerKey: due!.timerKey, at: START + 15 * MINUTE });
    expect(run.active).toEqual(['late']);
    expect(run.context.nodes['cab']).toMatchObject({ outcome: 'escalated', timedOut: true });
  });

  it('reminds at the interval computed on entry, even when the expression would now give another', () => {
    const run = drive(
      approvalFlow({ reminders: { every: { expression: 'now.getHours() < 9 ? "PT30M" : "PT2H"' }, max: 3 } }),
      {},
      START, // 08:00 UTC: every 30 minutes
    );
    let timer = run.command('timer.schedule');
    const fired: number[] = [];
    for (let i = 0; i < 2; i++) {
      fired.push(timer.fireAt);
      run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
      timer = run.command('timer.schedule');
    }
    // The third reminder is planned at 09:00, where the expression would give two hours.
    expect([...fired, timer.fireAt].map((at) => (at - START) / MINUTE)).toEqual([30, 60, 90]);
  });

  it('reminds at the definition’s fixed interval when the state was kept before intervals were', () => {
    const machine = machineOf(approvalFlow({ reminders: { every: 'PT2H', max: 3 } }));
    const started = startInstance(machine, { input: {}, at: START });
    const remind = started.commands.find((c) => c.type === 'timer.schedule')!;
    const { remindEvery, ...older } = started.state.context.approvals['cab']!;
    expect(remindEvery).toBe(2 * HOUR);
    const stored = { ...started.state, context: { ...started.state.context, approvals: { cab: older } } };
    if (remind.type !== 'timer.schedule') throw new Error('expected a timer');
    const next = applyEvent(machine, stored as typeof started.state, {
      type: 'timer.fired',
      timerKey: remind.timerKey,
      at: START + 2 * HOUR,
    });
    expect(next.commands).toContainEqual(
      expect.objectContaining({ type: 'timer.schedule', fireAt: START + 4 * HOUR }),
    );
  });

  it('computes a wait’s length and an event wait’s timeout', () => {
    const pause = drive(
      waitFlow({ type: 'duration', duration: { expression: 'input.priority == "P1" ? "PT1M" : "PT1H"' } }),
      { priority: 'P1' },
      START,
    );
    expect(pause.command('timer.schedule').fireAt).toBe(START + MINUTE);
    const event = drive(
      waitFlow({
        type: 'event',
        event: 'ticket.resolved',
        correlationKey: 'input.id',
        timeout: { expression: 'input.priority == "P1" ? "PT4H" : "P3D"' },
      }),
      { priority: 'P3', id: 'INC1' },
      START,
    );
    const timer = event.command('timer.schedule');
    expect(timer.fireAt).toBe(START + 3 * 24 * HOUR);
    event.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(event.active).toEqual(['gaveUp']);
  });

  describe('a computed value that is no usable duration fails the step, naming the node and field', () => {
    it.each([
      [
        'text that is no duration',
        { after: { expression: 'input.sla' } },
        { sla: 'P1Y' },
        /due\.after gave "P1Y", which is not a duration/,
      ],
      [
        'a number',
        { after: { expression: 'vars.slaValue' } },
        {},
        /due\.after must give an ISO-8601 duration as text, such as "PT4H", not 5/,
      ],
      [
        'zero',
        { after: { expression: 'input.sla' } },
        { sla: 'PT0S' },
        /due\.after gave "PT0S": a computed duration must be longer than zero/,
      ],
      [
        'more than a year',
        { after: { expression: 'input.sla' } },
        { sla: 'P367D' },
        /due\.after gave "P367D", longer than the longest computed duration \(P366D/,
      ],
      [
        'an expression that fails',
        { after: { expression: 'input.sla + "M"' } },
        {},
        /^due\.after\.expression: /,
      ],
    ])('%s', (_what, due, input, message) => {
      const run = drive(ackFlow({ due }), { priority: 'P1', ...input }, START);
      expect(run.done).toBe(true);
      expect(run.commandsOf('task.create')).toEqual([]);
      expect(run.commandsOf('timer.schedule')).toEqual([]);
      expect(run.context.error).toMatchObject({ nodeId: 'ack', message: expect.stringMatching(message) });
      expect(run.command('instance.complete')).toMatchObject({ outcome: 'failed', error: { nodeId: 'ack' } });
    });

    it('with the code INVALID_DURATION, for reminders and for a wait’s timeout too', () => {
      const reminders = drive(
        ackFlow({ reminders: { every: { expression: 'input.sla' } } }),
        { sla: 'soon' },
        START,
      );
      expect(reminders.context.error).toMatchObject({
        nodeId: 'ack',
        code: 'INVALID_DURATION',
        message: expect.stringContaining('reminders.every gave "soon"'),
      });
      const timeout = drive(
        waitFlow({
          type: 'event',
          event: 'e',
          correlationKey: 'input.id',
          timeout: { expression: 'input.priority' },
        }),
        { priority: 'P1', id: 'x' },
        START,
      );
      expect(timeout.context.error).toMatchObject({
        nodeId: 'hold',
        code: 'INVALID_DURATION',
        message: expect.stringContaining('wait.timeout gave "P1"'),
      });
      expect(timeout.command('instance.complete')).toMatchObject({ outcome: 'failed' });
    });
  });
});
