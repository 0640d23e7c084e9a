import type { TransformNode } from '../../definition/types';
import { atEvent, nextVisit, without, type Behaviour, type Check } from '../effects';
import { evaluateMapping, scopeData } from '../evaluation';
import type { CompileModel } from '../model';
import { FAILED_STATE, requiredTarget } from '../stateIds';
import type { StateConfig } from './stateConfig';
import { recordError } from './task';

/**
 * Counts the visit and evaluates every `set` expression over the scope as the node was entered
 * (none sees another's new value), then assigns the results, or records the first failure at the
 * node. It evaluates once per entry: the eventless transitions only read what it recorded.
 */
export const enterTransform: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = model.node(nodeId) as TransformNode;
  const { visits } = nextVisit(context, nodeId);
  const path = ['nodes', model.graph.nodeIndex.get(nodeId)!, 'set'];
  const set = evaluateMapping(model, path, node.set, scopeData(context));
  if (!set.ok) {
    // An earlier visit's result must not sit beside this visit's error.
    const failed = recordError({ ...context, nodes: without(context.nodes, nodeId) }, nodeId, set.error);
    return { patch: { ...failed.patch, visits } };
  }
  return {
    patch: {
      now: context.now,
      visits,
      vars: { ...context.vars, ...set.value },
      nodes: { ...context.nodes, [nodeId]: { result: set.value } },
    },
  };
};

/** Entry replaces the node's record each visit, so an error there is this visit's. */
export const transformFailed: Check = (_model, context, _event, { nodeId }) => {
  const recorded = context.nodes[nodeId];
  return typeof recorded === 'object' && recorded !== null && 'error' in recorded;
};

export function transformState(model: CompileModel, nodeId: string): StateConfig {
  return {
    id: nodeId,
    entry: { type: 'enterTransform', params: { nodeId } },
    always: [
      { guard: { type: 'transformFailed', params: { nodeId } }, target: `#${FAILED_STATE}`, reenter: true },
      { target: requiredTarget(model, nodeId, 'out'), reenter: true },
    ],
  };
}
