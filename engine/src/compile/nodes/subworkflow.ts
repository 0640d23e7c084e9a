import type { SubworkflowNode } from '../../definition/types';
import type { MachineContext } from '../context';
import { atEvent, failStep, nextVisit, without, type Behaviour, type Check } from '../effects';
import { evaluateMapping, scopeData } from '../evaluation';
import type { CompileModel } from '../model';
import { childKey, errorTarget, requiredTarget } from '../stateIds';
import { recordError } from './task';
import type { StateConfig } from './stateConfig';

const subNode = (model: CompileModel, id: string) => model.node(id) as SubworkflowNode;
const at = (model: CompileModel, id: string) => ['nodes', model.graph.nodeIndex.get(id)!];

export const enterSubworkflow: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = subNode(model, nodeId);
  const { visit, visits } = nextVisit(context, nodeId);
  const input = evaluateMapping(model, [...at(model, nodeId), 'input'], node.input, scopeData(context));
  if (!input.ok)
    return {
      patch: { now: context.now, visits },
      raise: failStep(nodeId, input.error.code, input.error.message, context.now),
    };
  const key = childKey(nodeId, visit);
  return {
    patch: { now: context.now, visits, children: { ...context.children, [nodeId]: key } },
    commands: [
      {
        type: 'subworkflow.start',
        childKey: key,
        nodeId,
        workflowId: node.workflowId,
        version: node.version,
        input: input.value as Record<string, never>,
      },
    ],
  };
};

export const exitSubworkflow: Behaviour = (_model, context, event, { nodeId }) => {
  const key = context.children[nodeId];
  if (key === undefined) return {};
  const finished = event.type === 'subworkflow.done' && event.childKey === key;
  return {
    patch: { children: without(context.children, nodeId) },
    commands: finished ? [] : [{ type: 'subworkflow.cancel', childKey: key, nodeId }],
  };
};

export const isChild: Check = (_model, context, event, { nodeId }) =>
  event.type === 'subworkflow.done' && context.children[nodeId] === event.childKey;

function mapChild(model: CompileModel, context: MachineContext, nodeId: string, result: unknown) {
  return evaluateMapping(
    model,
    [...at(model, nodeId), 'output'],
    subNode(model, nodeId).output,
    scopeData(context, { result }),
  );
}

export const childCompleted: Check = (model, context, event, params) =>
  isChild(model, context, event, params) &&
  event.type === 'subworkflow.done' &&
  event.outcome === 'completed' &&
  mapChild(model, atEvent(context, event), params.nodeId, { outcome: event.outcome, output: event.output })
    .ok;

export const finishChild: Behaviour = (model, before, event, { nodeId }) => {
  if (event.type !== 'subworkflow.done') return {};
  const context = atEvent(before, event);
  const result = { outcome: event.outcome, output: event.output };
  const withResult = { ...context, nodes: { ...context.nodes, [nodeId]: result } };
  if (event.outcome !== 'completed') {
    return recordError(withResult, nodeId, {
      code: 'SUBWORKFLOW_OUTCOME',
      message: `The subworkflow ended "${event.outcome}"`,
    });
  }
  const mapped = mapChild(model, context, nodeId, result);
  if (!mapped.ok) return recordError(withResult, nodeId, mapped.error);
  return { patch: { now: context.now, nodes: withResult.nodes, vars: { ...context.vars, ...mapped.value } } };
};

export function subworkflowState(model: CompileModel, nodeId: string): StateConfig {
  const params = { nodeId };
  const onError = errorTarget(model, nodeId);
  return {
    id: nodeId,
    entry: { type: 'enterSubworkflow', params },
    exit: { type: 'exitSubworkflow', params },
    on: {
      'subworkflow.done': [
        {
          guard: { type: 'childCompleted', params },
          target: requiredTarget(model, nodeId, 'out'),
          reenter: true,
          actions: { type: 'finishChild', params },
        },
        {
          guard: { type: 'isChild', params },
          target: onError,
          reenter: true,
          actions: { type: 'finishChild', params },
        },
      ],
      'step.failed': {
        guard: { type: 'isStepOf', params },
        target: onError,
        reenter: true,
        actions: { type: 'failTask', params },
      },
    },
  };
}
