import type { JoinNode } from '../../definition/types';
import type { Behaviour, Check } from '../effects';
import type { CompileModel } from '../model';
import { regionDoneId, regionStateId, requiredTarget } from '../stateIds';
import type { StateConfig } from './stateConfig';

/** How many branches must arrive before the join lets the flow continue. */
export function branchesNeeded(model: CompileModel, splitId: string): number {
  const info = model.structure.splits.get(splitId)!;
  const join = model.node(info.join) as JoinNode;
  if (join.mode.type === 'any') return 1;
  if (join.mode.type === 'nOfM') return join.mode.n;
  return info.branches.length;
}

export const resetJoin: Behaviour = (_model, context, _event, { nodeId }) => ({
  patch: {
    joins: { ...context.joins, [nodeId]: 0 },
    visits: { ...context.visits, [nodeId]: (context.visits[nodeId] ?? 0) + 1 },
  },
});

export const arriveAtJoin: Behaviour = (_model, context, _event, { nodeId }) => ({
  patch: { joins: { ...context.joins, [nodeId]: (context.joins[nodeId] ?? 0) + 1 } },
});

export const joinReached: Check = (model, context, _event, { nodeId }) =>
  (context.joins[nodeId] ?? 0) >= branchesNeeded(model, nodeId);

/** Leaving the split (join reached, failure or cancel) exits every branch; their exits cancel their work. */
export const leaveSplit: Behaviour = (_model, context, _event, { nodeId }) => {
  const { [nodeId]: _gone, ...joins } = context.joins;
  return { patch: { joins } };
};

/**
 * A split is an XState parallel state with one region per branch; each region ends in a final
 * state that counts its arrival. The join is the state after the split.
 */
export function parallelState(
  model: CompileModel,
  splitId: string,
  regionStates: (branch: number) => Record<string, StateConfig>,
): StateConfig {
  const info = model.structure.splits.get(splitId)!;
  const states: Record<string, StateConfig> = {};
  info.branches.forEach((entry, branch) => {
    states[`b${branch}`] = {
      id: regionStateId(splitId, branch),
      initial: entry === info.join ? '__done' : entry,
      states: {
        ...regionStates(branch),
        __done: {
          id: regionDoneId(splitId, branch),
          type: 'final',
          entry: { type: 'arriveAtJoin', params: { nodeId: splitId } },
        },
      },
    };
  });
  return {
    id: splitId,
    type: 'parallel',
    entry: { type: 'resetJoin', params: { nodeId: splitId } },
    exit: { type: 'leaveSplit', params: { nodeId: splitId } },
    always: {
      guard: { type: 'joinReached', params: { nodeId: splitId } },
      target: `#${info.join}`,
      reenter: true,
    },
    states,
  };
}

export function joinState(model: CompileModel, nodeId: string): StateConfig {
  return {
    id: nodeId,
    entry: { type: 'enterPassThrough', params: { nodeId } },
    always: { target: requiredTarget(model, nodeId, 'out'), reenter: true },
  };
}
