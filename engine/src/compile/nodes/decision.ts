import type { DecisionNode } from '../../definition/types';
import type { MachineContext } from '../context';
import { atEvent, type Behaviour, type Check } from '../effects';
import { evaluateAt, scopeData, type EvaluationFailure } from '../evaluation';
import type { CompileModel } from '../model';
import { FAILED_STATE, requiredTarget } from '../stateIds';
import { recordError } from './task';
import type { StateConfig, TransitionConfig } from './stateConfig';

type Choice = { readonly handle: string } | { readonly error: EvaluationFailure };

/** Conditions in order: the first that holds wins; a condition that fails stops the decision. */
export function choose(model: CompileModel, context: MachineContext, nodeId: string): Choice {
  const node = model.node(nodeId) as DecisionNode;
  const index = model.graph.nodeIndex.get(nodeId)!;
  const data = scopeData(context);
  for (const [i, condition] of node.conditions.entries()) {
    const value = evaluateAt(model, ['nodes', index, 'conditions', i, 'when'], data);
    if (!value.ok) return { error: value.error };
    if (value.value === true) return { handle: condition.id };
    if (value.value !== false && value.value !== null) {
      return {
        error: {
          code: 'EXPRESSION_TYPE',
          message: `Condition "${condition.id}" gave ${JSON.stringify(value.value)}, not true or false`,
        },
      };
    }
  }
  return { handle: 'default' };
}

export const decisionTakes: Check = (model, context, event, { nodeId, handle }) => {
  const choice = choose(model, atEvent(context, event), nodeId);
  return 'handle' in choice && choice.handle === handle;
};

export const decisionFails: Check = (model, context, event, { nodeId }) =>
  'error' in choose(model, atEvent(context, event), nodeId);

export const enterPassThrough: Behaviour = (_model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  return {
    patch: { now: context.now, visits: { ...context.visits, [nodeId]: (context.visits[nodeId] ?? 0) + 1 } },
  };
};

export const recordBranch: Behaviour = (_model, context, _event, { nodeId, handle }) => ({
  patch: { nodes: { ...context.nodes, [nodeId]: { branch: handle } } },
});

export const recordDecisionError: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const choice = choose(model, context, nodeId);
  return 'error' in choice ? recordError(context, nodeId, choice.error) : {};
};

export function decisionState(model: CompileModel, nodeId: string): StateConfig {
  const node = model.node(nodeId) as DecisionNode;
  const branches: TransitionConfig[] = node.conditions.map((c) => ({
    guard: { type: 'decisionTakes', params: { nodeId, handle: c.id } },
    target: requiredTarget(model, nodeId, c.id),
    reenter: true,
    actions: { type: 'recordBranch', params: { nodeId, handle: c.id } },
  }));
  return {
    id: nodeId,
    entry: { type: 'enterPassThrough', params: { nodeId } },
    always: [
      ...branches,
      {
        guard: { type: 'decisionFails', params: { nodeId } },
        target: `#${FAILED_STATE}`,
        reenter: true,
        actions: { type: 'recordDecisionError', params: { nodeId } },
      },
      {
        target: requiredTarget(model, nodeId, 'default'),
        reenter: true,
        actions: { type: 'recordBranch', params: { nodeId, handle: 'default' } },
      },
    ],
  };
}
