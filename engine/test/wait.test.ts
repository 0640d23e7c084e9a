import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../src/testing';
import { drive } from './harness';

describe('wait node', () => {
  it('schedules a durable timer for a duration and continues when it fires', () => {
    const run = drive(
      aWorkflow()
        .nodes(n.trigger(), n.wait('pause', { type: 'duration', duration: 'PT15M' }), n.end('done'))
        .edges('start -> pause', 'pause -> done')
        .build(),
      {},
      10_000,
    );
    const timer = run.command('timer.schedule');
    expect(timer.fireAt).toBe(10_000 + 15 * 60_000);
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt + 40 });
    expect(run.done).toBe(true);
  });

  it('waits until a time computed from the input', () => {
    const run = drive(
      aWorkflow()
        .input({ key: 'start', label: 'Start date', type: 'datetime' })
        .nodes(
          n.trigger(),
          n.wait('until', { type: 'until', until: 'timestamp(input.start) - duration("24h")' }),
          n.end('done'),
        )
        .edges('start -> until', 'until -> done')
        .build(),
      { start: '2026-12-01T09:00:00Z' },
    );
    expect(run.command('timer.schedule').fireAt).toBe(Date.parse('2026-11-30T09:00:00Z'));
  });

  it('resumes on an event with the matching correlation key only', () => {
    const run = drive(
      aWorkflow()
        .input({ key: 'ticket', label: 'Ticket', type: 'string' })
        .variables('resolution')
        .nodes(
          n.trigger(),
          n.wait('resolved', {
            type: 'event',
            event: 'ticket.resolved',
            correlationKey: 'input.ticket',
            timeout: 'P7D',
            output: { resolution: 'event.resolution' },
          }),
          n.end('done'),
          n.end('stale', 'failed'),
        )
        .edges('start -> resolved', 'resolved -> done', 'resolved:timeout -> stale')
        .build(),
      { ticket: 'INC7' },
    );
    expect(run.result.correlationKeys).toEqual(['ticket.resolved:INC7']);
    expect(
      run.send({
        type: 'event.received',
        event: 'ticket.resolved',
        correlationKey: 'INC8',
        payload: {},
        at: 2_000,
      }).changed,
    ).toBe(false);
    expect(
      run.send({
        type: 'event.received',
        event: 'ticket.closed',
        correlationKey: 'INC7',
        payload: {},
        at: 2_000,
      }).changed,
    ).toBe(false);
    run.send({
      type: 'event.received',
      event: 'ticket.resolved',
      correlationKey: 'INC7',
      payload: { resolution: 'fixed' },
      at: 3_000,
    });
    expect(run.active).toEqual(['done']);
    expect(run.context.vars['resolution']).toBe('fixed');
    expect(run.commandsOf('timer.cancel')).toHaveLength(1);
    expect(run.result.correlationKeys).toEqual([]);
  });

  it('takes the timeout edge when no event arrives in time', () => {
    const run = drive(
      aWorkflow()
        .nodes(
          n.trigger(),
          n.wait('w', { type: 'event', event: 'e', correlationKey: '"k"', timeout: 'PT1H' }),
          n.end('done'),
          n.end('late', 'failed'),
        )
        .edges('start -> w', 'w -> done', 'w:timeout -> late')
        .build(),
    );
    const timer = run.command('timer.schedule');
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(run.active).toEqual(['late']);
  });
});
