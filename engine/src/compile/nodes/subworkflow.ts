import type { SubworkflowNode } from '../../definition/types';
import type { Command } from '../commands';
import type { MachineContext } from '../context';
import { atEvent, failStep, nextVisit, without, type Behaviour, type Check, type Effects } from '../effects';
import { evaluateMapping, scopeData } from '../evaluation';
import type { CompileModel } from '../model';
import { childKey, errorTarget, requiredTarget, targetOf } from '../stateIds';
import { recordError } from './task';
import type { StateConfig } from './stateConfig';

const subNode = (model: CompileModel, id: string) => model.node(id) as SubworkflowNode;
const at = (model: CompileModel, id: string) => ['nodes', model.graph.nodeIndex.get(id)!];

/** The start command of the node's child under `key`, or the failure of its input mapping. */
function startChild(model: CompileModel, context: MachineContext, nodeId: string, key: string) {
  const node = subNode(model, nodeId);
  const input = evaluateMapping(model, [...at(model, nodeId), 'input'], node.input, scopeData(context));
  if (!input.ok) return input;
  const command: Command = {
    type: 'subworkflow.start',
    childKey: key,
    nodeId,
    workflowId: node.workflowId,
    version: node.version,
    input: input.value as Record<string, never>,
  };
  return { ok: true as const, value: command };
}

export const enterSubworkflow: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const { visit, visits } = nextVisit(context, nodeId);
  const key = childKey(nodeId, visit);
  const start = startChild(model, context, nodeId, key);
  if (!start.ok)
    return {
      patch: { now: context.now, visits },
      raise: failStep(nodeId, start.error.code, start.error.message, context.now),
    };
  return {
    patch: { now: context.now, visits, children: { ...context.children, [nodeId]: key } },
    commands: [start.value],
  };
};

export const exitSubworkflow: Behaviour = (_model, context, event, { nodeId }) => {
  const key = context.children[nodeId];
  if (key === undefined) return {};
  // A child that finished, or that was never started, needs no cancel.
  const finished =
    (event.type === 'subworkflow.done' || event.type === 'subworkflow.refused') && event.childKey === key;
  const neverStarted = context.refused?.[nodeId] !== undefined;
  return {
    patch: {
      children: without(context.children, nodeId),
      ...(context.refused?.[nodeId] ? { refused: without(context.refused, nodeId) } : {}),
    },
    commands: finished || neverStarted ? [] : [{ type: 'subworkflow.cancel', childKey: key, nodeId }],
  };
};

export const isChild: Check = (_model, context, event, { nodeId }) =>
  event.type === 'subworkflow.done' && context.children[nodeId] === event.childKey;

/** The runtime refused the child this node waits for (and it is not already held as an incident). */
export const isRefusedChild: Check = (_model, context, event, { nodeId }) =>
  event.type === 'subworkflow.refused' &&
  context.children[nodeId] === event.childKey &&
  context.refused?.[nodeId] === undefined;

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

/** Why the child ended otherwise than completed; a chain of parents keeps the innermost reason. */
function outcomeMessage(outcome: string, error: { code: string; message: string } | undefined): string {
  if (error?.code === 'SUBWORKFLOW_OUTCOME') return error.message;
  return `The subworkflow ended "${outcome}"${error ? `: ${error.message}` : ''}`;
}

export const finishChild: Behaviour = (model, before, event, { nodeId }) => {
  if (event.type !== 'subworkflow.done') return {};
  const context = atEvent(before, event);
  const result = { outcome: event.outcome, output: event.output };
  const withResult = { ...context, nodes: { ...context.nodes, [nodeId]: result } };
  if (event.outcome !== 'completed') {
    return recordError(withResult, nodeId, {
      code: 'SUBWORKFLOW_OUTCOME',
      message: outcomeMessage(event.outcome, event.error),
    });
  }
  const mapped = mapChild(model, context, nodeId, result);
  if (!mapped.ok) return recordError(withResult, nodeId, mapped.error);
  return { patch: { now: context.now, nodes: withResult.nodes, vars: { ...context.vars, ...mapped.value } } };
};

/** The child was refused and the node has an error edge: the refusal is the node's error. */
export const childRefused: Behaviour = (_model, before, event, { nodeId }) => {
  if (event.type !== 'subworkflow.refused') return {};
  return recordError(atEvent(before, event), nodeId, event.error);
};

/** The child was refused and there is no error edge: the node waits for an operator (an incident). */
export const holdRefusedChild: Behaviour = (_model, before, event, { nodeId }) => {
  if (event.type !== 'subworkflow.refused') return {};
  const context = atEvent(before, event);
  const recorded = recordError(context, nodeId, event.error);
  return { patch: { ...recorded.patch, refused: { ...context.refused, [nodeId]: event.error } } };
};

export const hasRefusedChild: Check = (_model, context, event, { nodeId }) =>
  event.type === 'job.retry' && event.nodeId === nodeId && context.refused?.[nodeId] !== undefined;

/** An operator retries: the same child (it never started) is asked for again, with fresh input. */
export const retryRefusedChild: Behaviour = (model, before, event, { nodeId }): Effects => {
  const context = atEvent(before, event);
  const key = context.children[nodeId]!;
  const refused = without(context.refused ?? {}, nodeId);
  const start = startChild(model, context, nodeId, key);
  if (!start.ok)
    return {
      patch: { now: context.now, refused },
      raise: failStep(nodeId, start.error.code, start.error.message, context.now),
    };
  return { patch: { now: context.now, refused, error: null }, commands: [start.value] };
};

export function subworkflowState(model: CompileModel, nodeId: string): StateConfig {
  const params = { nodeId };
  const onError = errorTarget(model, nodeId);
  const hasErrorEdge = targetOf(model, nodeId, 'error') !== undefined;
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
      // Like a task's failure: the error edge when drawn, otherwise an incident an operator retries.
      'subworkflow.refused': hasErrorEdge
        ? {
            guard: { type: 'isRefusedChild', params },
            target: onError,
            reenter: true,
            actions: { type: 'childRefused', params },
          }
        : { guard: { type: 'isRefusedChild', params }, actions: { type: 'holdRefusedChild', params } },
      'job.retry': {
        guard: { type: 'hasRefusedChild', params },
        actions: { type: 'retryRefusedChild', params },
      },
      'step.failed': {
        guard: { type: 'isStepOf', params },
        target: onError,
        reenter: true,
        actions: { type: 'failTask', params },
      },
    },
  };
}
