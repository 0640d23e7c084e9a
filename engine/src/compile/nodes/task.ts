import { toMilliseconds } from '../../definition/duration';
import type { TaskNode } from '../../definition/types';
import type { Command } from '../commands';
import type { MachineContext } from '../context';
import { atEvent, failStep, nextVisit, without, type Behaviour, type Check, type Effects } from '../effects';
import { evaluateMapping, scopeData } from '../evaluation';
import type { CompileModel } from '../model';
import {
  errorTarget,
  idempotencyKey,
  jobKey,
  qualifiedIdempotencyKey,
  requiredTarget,
  targetOf,
} from '../stateIds';
import type { StateConfig } from './stateConfig';

const taskNode = (model: CompileModel, nodeId: string): TaskNode => model.node(nodeId) as TaskNode;
const nodePath = (model: CompileModel, nodeId: string) => ['nodes', model.graph.nodeIndex.get(nodeId)!];

/** Backoff before `attempt` (2 = first retry): initial × multiplier^(attempt-2), capped. */
export function backoffMs(node: Pick<TaskNode, 'retry'>, attempt: number): number {
  if (attempt <= 1) return 0;
  const raw = toMilliseconds(node.retry.initialDelay) * node.retry.multiplier ** (attempt - 2);
  return Math.min(Math.round(raw), toMilliseconds(node.retry.maxDelay));
}

function startJob(
  node: TaskNode,
  context: MachineContext,
  input: Record<string, unknown>,
  attempt: number,
  delayMs: number,
): Command {
  const visit = context.visits[node.id] ?? 1;
  return {
    type: 'job.start',
    jobKey: jobKey(node.id, visit, attempt),
    idempotencyKey: idempotencyKey(node.id, visit),
    nodeId: node.id,
    action: node.action,
    ...(node.connection ? { connection: node.connection } : {}),
    input: input as Record<string, never>,
    attempt,
    maxAttempts: node.retry.maxAttempts,
    timeoutMs: toMilliseconds(node.timeout),
    delayMs,
  };
}

export const enterTask: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = taskNode(model, nodeId);
  const { visit, visits } = nextVisit(context, nodeId);
  // Computed once per visit and reused by every attempt, so a retry carries the same key.
  const job = { idempotencyKey: qualifiedIdempotencyKey(context.instanceId, idempotencyKey(nodeId, visit)) };
  const input = evaluateMapping(
    model,
    [...nodePath(model, nodeId), 'input'],
    node.input,
    scopeData(context, { job }),
  );
  if (!input.ok)
    return {
      patch: { now: context.now, visits },
      raise: failStep(nodeId, input.error.code, input.error.message, context.now),
    };
  const counted = { ...context, visits };
  return {
    patch: {
      now: context.now,
      visits,
      jobs: { ...context.jobs, [nodeId]: { jobKey: jobKey(nodeId, visit, 1), attempt: 1 } },
      nodes: { ...context.nodes, [nodeId]: { input: input.value } },
    },
    commands: [startJob(node, counted, input.value, 1, 0)],
  };
};

/** Cancels the job when the node is left for any reason but the job's own result. */
export const exitTask: Behaviour = (_model, context, event, { nodeId }) => {
  const job = context.jobs[nodeId];
  if (!job) return {};
  const settled = (event.type === 'job.done' || event.type === 'job.failed') && event.jobKey === job.jobKey;
  return {
    patch: { jobs: without(context.jobs, nodeId) },
    commands: settled ? [] : [{ type: 'job.cancel', jobKey: job.jobKey, nodeId }],
  };
};

export const isCurrentJob: Check = (_model, context, event, { nodeId }) =>
  (event.type === 'job.done' || event.type === 'job.failed') && context.jobs[nodeId]?.jobKey === event.jobKey;

export const jobCanRetry: Check = (model, context, event, params) =>
  isCurrentJob(model, context, event, params) &&
  event.type === 'job.failed' &&
  event.error.retryable &&
  context.jobs[params.nodeId]!.attempt < taskNode(model, params.nodeId).retry.maxAttempts;

/** The next attempt of the node's current job, with the input the first attempt computed. */
function nextAttempt(model: CompileModel, context: MachineContext, nodeId: string, delayMs: number): Effects {
  const node = taskNode(model, nodeId);
  const attempt = context.jobs[nodeId]!.attempt + 1;
  const input = (context.nodes[nodeId] as { input?: Record<string, unknown> } | undefined)?.input ?? {};
  const visit = context.visits[nodeId] ?? 1;
  // An operator's retry may go past the policy's attempts; the command states the real limit.
  const limited = {
    ...node,
    retry: { ...node.retry, maxAttempts: Math.max(node.retry.maxAttempts, attempt) },
  };
  return {
    patch: {
      now: context.now,
      jobs: { ...context.jobs, [nodeId]: { jobKey: jobKey(nodeId, visit, attempt), attempt } },
    },
    commands: [startJob(limited, context, input, attempt, delayMs)],
  };
}

export const retryTask: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const attempt = context.jobs[nodeId]!.attempt + 1;
  const retryAfter = event.type === 'job.failed' ? (event.error.retryAfterMs ?? 0) : 0;
  return nextAttempt(
    model,
    context,
    nodeId,
    Math.max(backoffMs(taskNode(model, nodeId), attempt), retryAfter),
  );
};

function outputOf(model: CompileModel, context: MachineContext, nodeId: string, result: unknown) {
  const node = taskNode(model, nodeId);
  return evaluateMapping(
    model,
    [...nodePath(model, nodeId), 'output'],
    node.output,
    scopeData(context, { result }),
  );
}

export const jobDoneMapsOutput: Check = (model, context, event, params) =>
  isCurrentJob(model, context, event, params) &&
  event.type === 'job.done' &&
  outputOf(model, atEvent(context, event), params.nodeId, event.output).ok;

export const completeTask: Behaviour = (model, before, event, { nodeId }) => {
  if (event.type !== 'job.done') return {};
  const context = atEvent(before, event);
  const vars = outputOf(model, context, nodeId, event.output);
  const previous = (context.nodes[nodeId] ?? {}) as Record<string, unknown>;
  return {
    patch: {
      now: context.now,
      vars: vars.ok ? { ...context.vars, ...vars.value } : context.vars,
      nodes: { ...context.nodes, [nodeId]: { ...previous, result: event.output } },
    },
  };
};

/** Records why a task failed: on its node (for the error edge) and as the instance error. */
export const failTask: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  let error: { code: string; message: string };
  if (event.type === 'job.failed') error = { code: event.error.code, message: event.error.message };
  else if (event.type === 'job.done') {
    const mapped = outputOf(model, context, nodeId, event.output);
    error = mapped.ok ? { code: 'UNKNOWN', message: 'unknown failure' } : mapped.error;
  } else if (event.type === 'step.failed') error = { code: event.code, message: event.message };
  else error = { code: 'UNKNOWN', message: 'unknown failure' };
  return recordError(context, nodeId, error);
};

export function recordError(
  context: MachineContext,
  nodeId: string,
  error: { code: string; message: string },
): Effects {
  const previous = (context.nodes[nodeId] ?? {}) as Record<string, unknown>;
  return {
    patch: {
      now: context.now,
      nodes: { ...context.nodes, [nodeId]: { ...previous, error } },
      error: { nodeId, ...error },
    },
  };
}

export function taskState(model: CompileModel, nodeId: string): StateConfig {
  const params = { nodeId };
  const onError = errorTarget(model, nodeId);
  const hasErrorEdge = targetOf(model, nodeId, 'error') !== undefined;
  return {
    id: nodeId,
    entry: { type: 'enterTask', params },
    exit: { type: 'exitTask', params },
    on: {
      'job.done': [
        {
          guard: { type: 'jobDoneMapsOutput', params },
          target: requiredTarget(model, nodeId, 'out'),
          reenter: true,
          actions: { type: 'completeTask', params },
        },
        {
          guard: { type: 'isCurrentJob', params },
          target: onError,
          reenter: true,
          actions: { type: 'failTask', params },
        },
      ],
      'job.failed': [
        { guard: { type: 'jobCanRetry', params }, actions: { type: 'retryTask', params } },
        // Without an error edge a failed task becomes an incident: the instance waits here for an
        // operator to retry it (or cancel the instance) instead of failing outright.
        hasErrorEdge
          ? {
              guard: { type: 'isCurrentJob', params },
              target: onError,
              reenter: true,
              actions: { type: 'failTask', params },
            }
          : { guard: { type: 'isCurrentJob', params }, actions: { type: 'raiseIncident', params } },
      ],
      'job.retry': { guard: { type: 'hasIncident', params }, actions: { type: 'retryIncident', params } },
      'step.failed': {
        guard: { type: 'isStepOf', params },
        target: onError,
        reenter: true,
        actions: { type: 'failTask', params },
      },
    },
  };
}

/** A task that failed with no error edge: the job stays current, marked failed, awaiting a retry. */
export const raiseIncident: Behaviour = (_model, before, event, params) => {
  if (event.type !== 'job.failed') return {};
  const context = atEvent(before, event);
  const job = context.jobs[params.nodeId]!;
  const recorded = recordError(context, params.nodeId, {
    code: event.error.code,
    message: event.error.message,
  });
  return {
    patch: { ...recorded.patch, jobs: { ...context.jobs, [params.nodeId]: { ...job, incident: true } } },
  };
};

export const hasIncident: Check = (_model, context, event, { nodeId }) =>
  event.type === 'job.retry' && event.nodeId === nodeId && context.jobs[nodeId]?.incident === true;

/** Starts a fresh attempt now (no backoff): an operator asked for it. */
export const retryIncident: Behaviour = (model, before, event, { nodeId }) => {
  const next = nextAttempt(model, atEvent(before, event), nodeId, 0);
  return { ...next, patch: { ...next.patch, error: null } };
};
