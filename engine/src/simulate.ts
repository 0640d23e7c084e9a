import type { Command } from './compile/commands';
import type { EngineEvent, StartInput } from './compile/events';
import type { WorkflowMachine } from './compile/index';
import { applyEvent, startInstance, type PersistedState, type StepResult } from './compile/step';

export interface TraceStep {
  readonly event: EngineEvent | { readonly type: 'start'; readonly at: number };
  readonly result: StepResult;
}

/**
 * Runs a machine from its start through a list of events, purely: a trace of every step's
 * state and commands. Used by tests and the designer's test-run preview.
 */
export function simulate(
  machine: WorkflowMachine,
  start: StartInput,
  events: readonly EngineEvent[],
): TraceStep[] {
  const trace: TraceStep[] = [
    { event: { type: 'start', at: start.at }, result: startInstance(machine, start) },
  ];
  for (const event of events) {
    const last = trace.at(-1)!.result;
    trace.push({ event, result: applyEvent(machine, last.state, event) });
  }
  return trace;
}

/** Chooses the answer to each command that waits for the world. */
export interface Responder {
  /** `state`: the instance as it is when the command comes up (runToEnd always passes it). */
  respond(command: Command, at: number, state?: PersistedState): EngineEvent | undefined;
  /**
   * Asked when no command is left to answer but the instance still waits (for an event, say):
   * the event to send it, or undefined to stop there.
   */
  idle?(state: PersistedState, at: number): EngineEvent | undefined;
}

/**
 * Drives a machine to its end by answering its commands (jobs finish, tasks get decided,
 * timers fire…) in order; stops after `maxSteps`. The designer's "test run" and the property
 * tests use it.
 */
export function runToEnd(
  machine: WorkflowMachine,
  start: StartInput,
  responder: Responder,
  maxSteps = 1_000,
): { readonly trace: TraceStep[]; readonly finished: boolean } {
  const trace: TraceStep[] = [
    { event: { type: 'start', at: start.at }, result: startInstance(machine, start) },
  ];
  const pending: Command[] = [...trace[0]!.result.commands];
  let at = start.at;
  for (let i = 0; i < maxSteps; i += 1) {
    const state = trace.at(-1)!.result.state;
    if (state.status === 'done') break;
    at += 1000;
    const command = pending.shift();
    const event = command ? responder.respond(command, at, state) : responder.idle?.(state, at);
    if (!command && !event) break;
    if (!event) continue;
    const result = applyEvent(machine, state, event);
    trace.push({ event, result });
    pending.push(...result.commands);
  }
  return { trace, finished: trace.at(-1)!.result.state.status === 'done' };
}
