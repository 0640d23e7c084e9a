import {
  createActor,
  type AnyActorRef,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type ExecutableActionsFrom,
  type StateValue,
} from 'xstate';
import type { Command } from './commands';
import type { MachineContext } from './context';
import type { ExpressionBudget } from '../expression/evaluate';
import { withinStep } from './evaluation';
import type { EngineEvent, StartInput } from './events';
import type { WorkflowMachine } from './index';

/** What the runtime stores for an instance: plain JSON. */
export interface PersistedState {
  readonly value: StateValue;
  readonly context: MachineContext;
  readonly status: 'active' | 'done';
}

/**
 * Whether a stored value has the shape of an engine state (a cheap check of its top level, for
 * values read back from a store, which keeps the state as it was given).
 */
export function isPersistedState(value: unknown): value is PersistedState {
  if (value === null || typeof value !== 'object') return false;
  const { value: stateValue, context, status } = value as Record<string, unknown>;
  return (
    (typeof stateValue === 'string' || (typeof stateValue === 'object' && stateValue !== null)) &&
    typeof context === 'object' &&
    context !== null &&
    (status === 'active' || status === 'done')
  );
}

/** The result of one step: the next state, the commands it asks for, and what changed. */
export interface StepResult {
  readonly state: PersistedState;
  readonly commands: readonly Command[];
  /** False when the event matched nothing (stale or unknown): nothing changed. */
  readonly changed: boolean;
  /** Node ids the instance now waits in. */
  readonly activeNodes: readonly string[];
  /** `event:key` pairs the instance waits for. */
  readonly correlationKeys: readonly string[];
  /** Operations the step's expressions used together (at most `limits.maxStepOperations`). */
  readonly expressionOperations: number;
}

function toResult(
  snapshot: AnyMachineSnapshot,
  actions: readonly { type: string; params?: unknown }[],
  changed: boolean,
): Omit<StepResult, 'expressionOperations'> {
  const context = snapshot.context as MachineContext;
  const state: PersistedState = {
    value: snapshot.value,
    context,
    status: snapshot.status === 'done' ? 'done' : 'active',
  };
  return {
    state,
    commands: actions.filter((a) => a.type === 'command').map((a) => a.params as Command),
    changed,
    activeNodes: activeNodes(snapshot.value),
    correlationKeys: [
      ...Object.values(context.waits).map((w) => `${w.event}:${w.key}`),
      // A cancel event with a key reaches the instance through POST /api/events too.
      ...Object.values(context.cancels ?? {}).flatMap((c) =>
        c.key === undefined ? [] : [`${c.event}:${c.key}`],
      ),
    ],
  };
}

export interface StepOptions {
  /**
   * The budget the step's expressions draw on, when the caller already spent part of it (a
   * webhook's input mappings): one request then does at most one step's worth of expression work.
   */
  readonly expressionBudget?: ExpressionBudget;
}

type Action = ExecutableActionsFrom<WorkflowMachine>;

// xstate's transition()/initialTransition() build a throwaway actor per call, and the actor's
// constructor eagerly runs the machine's whole initial step (with no input): that was two thirds
// of a step's cost. Our machines spawn no child actors and schedule no delayed events (timers are
// durable commands), so one inert actor per machine can serve as `self` for every pure step.
const inertSelves = new WeakMap<WorkflowMachine, AnyActorRef>();

function inertScope(machine: WorkflowMachine, sink: Action[]): AnyActorScope {
  let self = inertSelves.get(machine);
  if (!self) {
    self = createActor(machine);
    inertSelves.set(machine, self);
  }
  return {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: (action) => {
      sink.push(action as Action);
    },
  };
}

/**
 * Starts an instance: the pure initial transition, run to the first wait. Its expressions share
 * one step budget (evaluation.ts).
 */
export function startInstance(
  machine: WorkflowMachine,
  start: StartInput,
  options: StepOptions = {},
): StepResult {
  const { value, operations } = withinStep(() => {
    const actions: Action[] = [];
    const snapshot = machine.getInitialSnapshot(inertScope(machine, actions), start);
    return toResult(snapshot, actions, true);
  }, options.expressionBudget);
  return { ...value, expressionOperations: operations };
}

/**
 * Applies one event to a stored state, purely. Same state + same event ⇒ same result. Its
 * expressions share one step budget (evaluation.ts).
 */
export function applyEvent(
  machine: WorkflowMachine,
  state: PersistedState,
  event: EngineEvent,
  options: StepOptions = {},
): StepResult {
  const messageId = event.type === 'event.received' ? event.messageId : undefined;
  const { value, operations } = withinStep(() => {
    const restored = machine.resolveState({ value: state.value, context: state.context });
    if (restored.status === 'done') return toResult(restored, [], false);
    // A message taken once is not taken again, wherever the instance waits now.
    if (messageId !== undefined && state.context.messages?.includes(messageId))
      return toResult(restored, [], false);
    const actions: Action[] = [];
    const next = machine.transition(restored, event, inertScope(machine, actions));
    const result = toResult(next, actions, next !== restored);
    return result.changed && messageId !== undefined ? withMessage(result, messageId) : result;
  }, options.expressionBudget);
  return { ...value, expressionOperations: operations };
}

/**
 * How many taken messages an instance remembers. A sender retries within minutes (signed
 * messages are accepted for 5), long before an instance has taken this many others.
 */
export const MESSAGES_KEPT = 100;

/** The step's state with the message it took remembered, in the same write as the step. */
function withMessage<T extends { readonly state: PersistedState }>(result: T, messageId: string): T {
  const { context } = result.state;
  const messages = [...(context.messages ?? []), messageId].slice(-MESSAGES_KEPT);
  return { ...result, state: { ...result.state, context: { ...context, messages } } };
}

/** Leaf states that are workflow nodes (region wrappers and final markers left out). */
export function activeNodes(value: StateValue): string[] {
  if (typeof value === 'string') return value.startsWith('__') ? [] : [value];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const nested = activeNodes(child);
    // A parallel split's regions are named b0, b1…; the split itself is not "active" — its branches are.
    if (nested.length > 0) out.push(...nested);
    else if (!/^b\d+$/.test(key) && !key.startsWith('__')) out.push(key);
  }
  return out;
}

/** An event a run waits for under a correlation key: an event wait, or a `cancelOn` with a key. */
export interface AwaitedEvent {
  readonly event: string;
  readonly correlationKey: string;
}

/**
 * The events a state waits for under a key, each once, as `correlationKeys` names them: a runtime
 * offers buffered messages to a run that starts waiting for one.
 */
export function waitingFor(state: PersistedState): AwaitedEvent[] {
  const seen = new Map<string, AwaitedEvent>();
  const add = (event: string, correlationKey: string) =>
    seen.set(JSON.stringify([event, correlationKey]), { event, correlationKey });
  for (const wait of Object.values(state.context.waits)) add(wait.event, wait.key);
  for (const cancel of Object.values(state.context.cancels ?? {}))
    if (cancel.key !== undefined) add(cancel.event, cancel.key);
  return [...seen.values()];
}
