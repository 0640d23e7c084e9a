import type { EndNode } from '../../definition/types';
import { atEvent, type Behaviour } from '../effects';
import { evaluateMapping, scopeData } from '../evaluation';
import type { StateConfig } from './stateConfig';

/** Ends the instance; an output that cannot be computed fails it rather than losing the error. */
export const finishInstance: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = model.node(nodeId) as EndNode;
  const visits = { ...context.visits, [nodeId]: (context.visits[nodeId] ?? 0) + 1 };
  const output = evaluateMapping(
    model,
    ['nodes', model.graph.nodeIndex.get(nodeId)!, 'output'],
    node.output,
    scopeData(context),
  );
  if (!output.ok) {
    const error = { nodeId, ...output.error };
    return {
      patch: { now: context.now, visits, outcome: 'failed', output: null, error },
      commands: [{ type: 'instance.complete', outcome: 'failed', output: null, error }],
    };
  }
  return {
    patch: { now: context.now, visits, outcome: node.outcome, output: output.value },
    commands: [{ type: 'instance.complete', outcome: node.outcome, output: output.value as never }],
  };
};

/** Fails the instance with the error a transition recorded just before. */
export const failInstance: Behaviour = (_model, before, event) => {
  const context = atEvent(before, event);
  const error = context.error ?? { nodeId: '', code: 'UNKNOWN', message: 'The instance failed' };
  return {
    patch: { now: context.now, outcome: 'failed', output: null, error },
    commands: [{ type: 'instance.complete', outcome: 'failed', output: null, error }],
  };
};

/** The runtime fails the instance (a run-time limit): the reason becomes the instance's error. */
export const recordFailure: Behaviour = (_model, before, event) => {
  if (event.type !== 'instance.fail') return {};
  const context = atEvent(before, event);
  return {
    patch: {
      now: context.now,
      error: { nodeId: event.nodeId ?? '', code: event.code, message: event.message },
    },
  };
};

export const cancelInstance: Behaviour = (_model, before, event) => {
  const context = atEvent(before, event);
  const by =
    event.type === 'instance.cancel'
      ? { by: event.by ?? null, reason: event.reason ?? null }
      : event.type === 'instance.withdraw'
        ? { by: event.by, reason: event.reason ?? null, withdrawn: true }
        : {};
  return {
    patch: { now: context.now, outcome: 'cancelled', output: by },
    commands: [{ type: 'instance.complete', outcome: 'cancelled', output: by }],
  };
};

export const endState = (nodeId: string): StateConfig => ({
  id: nodeId,
  type: 'final',
  entry: { type: 'finishInstance', params: { nodeId } },
});
