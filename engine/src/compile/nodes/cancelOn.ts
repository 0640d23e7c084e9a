import { CANCELLED_HANDLE } from '../../definition/nodes/cancelOn';
import type { WorkflowNode } from '../../definition/types';
import { atEvent, failStep, without, type Behaviour, type Check } from '../effects';
import { evaluateAt, scopeData } from '../evaluation';
import type { CompileModel } from '../model';
import { requiredTarget } from '../stateIds';
import type { ActionRef, StateConfig, TransitionConfig } from './stateConfig';

const cancelOnOf = (node: WorkflowNode) => ('cancelOn' in node ? node.cancelOn : undefined);

/** Subscribes the waiting node to its cancel event (with its correlation key, when it has one). */
export const enterCancelOn: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const cancelOn = cancelOnOf(model.node(nodeId));
  if (!cancelOn) return {};
  let key: string | undefined;
  if (cancelOn.correlationKey !== undefined) {
    const path = ['nodes', model.graph.nodeIndex.get(nodeId)!, 'cancelOn', 'correlationKey'];
    const value = evaluateAt(model, path, scopeData(context));
    if (!value.ok) return { raise: failStep(nodeId, value.error.code, value.error.message, context.now) };
    if (typeof value.value !== 'string' && typeof value.value !== 'number')
      return {
        raise: failStep(
          nodeId,
          'EXPRESSION_TYPE',
          `The cancel event's correlation key must be text or a number, not ${JSON.stringify(value.value)}`,
          context.now,
        ),
      };
    key = String(value.value);
  }
  const subscription = { event: cancelOn.event, ...(key !== undefined ? { key } : {}) };
  return { patch: { cancels: { ...context.cancels, [nodeId]: subscription } } };
};

export const exitCancelOn: Behaviour = (_model, context, _event, { nodeId }) =>
  context.cancels?.[nodeId] ? { patch: { cancels: without(context.cancels, nodeId) } } : {};

/** The event the node waits to be cancelled by; with a key, only an event carrying it. */
export const cancelEventMatches: Check = (_model, context, event, { nodeId }) => {
  const subscription = context.cancels?.[nodeId];
  return (
    event.type === 'event.received' &&
    subscription !== undefined &&
    subscription.event === event.event &&
    (subscription.key === undefined || subscription.key === event.correlationKey)
  );
};

/** What cancelled the node, on its record (`nodes.<id>.cancelled`). */
export const recordCancel: Behaviour = (_model, before, event, { nodeId }) => {
  if (event.type !== 'event.received') return {};
  const context = atEvent(before, event);
  return {
    patch: {
      now: context.now,
      nodes: {
        ...context.nodes,
        [nodeId]: { cancelled: { event: event.event, payload: event.payload, at: event.at } },
      },
    },
  };
};

const list = (value: ActionRef | readonly ActionRef[] | undefined): ActionRef[] =>
  value === undefined ? [] : Array.isArray(value) ? [...(value as ActionRef[])] : [value as ActionRef];

/**
 * The node's state with its boundary-style cancel: the event, checked before the node's own
 * transitions, leaves by the `cancelled` exit; leaving withdraws the node's tasks and timers as
 * any exit does.
 */
export function withCancelOn(model: CompileModel, nodeId: string, state: StateConfig): StateConfig {
  if (!cancelOnOf(model.node(nodeId))) return state;
  const params = { nodeId };
  const cancel: TransitionConfig = {
    guard: { type: 'cancelEventMatches', params },
    target: requiredTarget(model, nodeId, CANCELLED_HANDLE),
    reenter: true,
    actions: { type: 'recordCancel', params },
  };
  const existing = state.on?.['event.received'];
  const own: TransitionConfig[] =
    existing === undefined
      ? []
      : Array.isArray(existing)
        ? [...(existing as TransitionConfig[])]
        : [existing as TransitionConfig];
  return {
    ...state,
    entry: [...list(state.entry), { type: 'enterCancelOn', params }],
    exit: [...list(state.exit), { type: 'exitCancelOn', params }],
    on: { ...state.on, 'event.received': [cancel, ...own] },
  };
}
