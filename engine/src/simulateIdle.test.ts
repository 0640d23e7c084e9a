import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { runToEnd, type Responder } from './simulate';
import { aWorkflow, happyResponder, n, testCatalog } from './testing';

describe('runToEnd', () => {
  it('hands the responder the state, and asks idle() when only an event can move the instance', () => {
    const definition = aWorkflow()
      .input({ key: 'ticket', label: 'Ticket', type: 'string' })
      .nodes(
        n.trigger(),
        n.wait('closed', { type: 'event', event: 'ticket.closed', correlationKey: 'input.ticket' }),
        n.end('done'),
      )
      .edges('start -> closed', 'closed -> done')
      .build();
    const machine = compile(definition, testCatalog);
    if (!machine.ok) throw new Error('invalid');
    const seen: string[] = [];
    const responder: Responder = {
      respond: (command, at, state) => {
        seen.push(state?.status ?? 'none');
        return happyResponder.respond(command, at, state);
      },
      idle: (state, at) => {
        const wait = state.context.waits['closed'];
        return wait
          ? { type: 'event.received', event: wait.event, correlationKey: wait.key, payload: {}, at }
          : undefined;
      },
    };
    const run = runToEnd(machine.value, { input: { ticket: 'T-1' }, at: 0 }, responder);
    expect(run.finished).toBe(true);
    expect(run.trace.map((s) => s.event.type)).toEqual(['start', 'event.received']);
    // Without idle() the run stops where it waits.
    const stuck = runToEnd(machine.value, { input: { ticket: 'T-1' }, at: 0 }, happyResponder);
    expect(stuck.finished).toBe(false);
    expect(seen.every((s) => s === 'active')).toBe(true);
  });
});
