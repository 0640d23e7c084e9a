import { toMilliseconds } from '../../definition/duration';
import type { ForEachNode } from '../../definition/types';
import type { Command } from '../commands';
import type { ForEachItemResult, ForEachState, MachineContext } from '../context';
import { atEvent, nextVisit, without, type Behaviour, type Check, type Effects } from '../effects';
import type { MachineEvent } from '../events';
import { evaluateAt, evaluateMapping, scopeData } from '../evaluation';
import type { CompileModel } from '../model';
import { errorTarget, itemKey, qualifiedIdempotencyKey, requiredTarget } from '../stateIds';
import { backoffMs, recordError } from './task';
import type { StateConfig } from './stateConfig';

type Failure = { readonly code: string; readonly message: string };

const forEachNode = (model: CompileModel, id: string) => model.node(id) as ForEachNode;
const at = (model: CompileModel, id: string) => ['nodes', model.graph.nodeIndex.get(id)!];
const stateOf = (context: MachineContext, nodeId: string): ForEachState | undefined =>
  context.forEach?.[nodeId];
const jobOf = (key: string, attempt: number) => `${key}#${attempt}`;

/** How many items may run at once: one in sequence, else the node's concurrency. */
const limitOf = (node: ForEachNode) => (node.mode === 'sequential' ? 1 : node.concurrency);

/** The command that runs one item's call (a job attempt, or the item's child). */
function itemCommand(
  node: ForEachNode,
  key: string,
  input: Record<string, unknown>,
  attempt: number,
  delayMs: number,
): Command {
  if (node.run.type === 'subworkflow')
    return {
      type: 'subworkflow.start',
      childKey: key,
      nodeId: node.id,
      workflowId: node.run.workflowId,
      version: node.run.version,
      input: input as Record<string, never>,
    };
  return {
    type: 'job.start',
    jobKey: jobOf(key, attempt),
    idempotencyKey: key,
    nodeId: node.id,
    action: node.run.action,
    ...(node.run.connection ? { connection: node.run.connection } : {}),
    input: input as Record<string, never>,
    attempt,
    maxAttempts: Math.max(node.run.retry.maxAttempts, attempt),
    timeoutMs: toMilliseconds(node.run.timeout),
    delayMs,
  };
}

/** An item that failed for good: kept as failed ('collect'), or the failure of the node ('fail'). */
function itemFailed(node: ForEachNode, state: ForEachState, index: number, error: Failure): ForEachState {
  if (node.onItemError === 'fail')
    return {
      ...state,
      failure: { code: error.code, message: `Item ${index + 1} of ${state.items.length}: ${error.message}` },
    };
  const results = [...state.results];
  results[index] = { index, ok: false, error };
  return { ...state, results };
}

/** Starts items in order while the node has room for them and has not failed. */
function startItems(
  model: CompileModel,
  context: MachineContext,
  nodeId: string,
  from: ForEachState,
): { state: ForEachState; commands: Command[]; children: number } {
  const node = forEachNode(model, nodeId);
  const visit = context.visits[nodeId] ?? 1;
  const commands: Command[] = [];
  let state = from;
  let children = 0;
  while (
    state.failure === undefined &&
    state.next < state.items.length &&
    Object.keys(state.running).length < limitOf(node)
  ) {
    const index = state.next;
    const key = itemKey(nodeId, visit, index);
    const job = { idempotencyKey: qualifiedIdempotencyKey(context.instanceId, key) };
    const input = evaluateMapping(
      model,
      [...at(model, nodeId), 'run', 'input'],
      node.run.input,
      scopeData(context, { item: state.items[index], index, job }),
    );
    state = { ...state, next: index + 1 };
    if (!input.ok) {
      state = itemFailed(node, state, index, input.error);
      continue;
    }
    state = { ...state, running: { ...state.running, [index]: { key, attempt: 1, input: input.value } } };
    commands.push(itemCommand(node, key, input.value, 1, 0));
    if (node.run.type === 'subworkflow') children += 1;
  }
  return { state, commands, children };
}

const counted = (context: MachineContext, nodeId: string, children: number) =>
  children === 0
    ? {}
    : {
        itemChildren: { ...context.itemChildren, [nodeId]: (context.itemChildren?.[nodeId] ?? 0) + children },
      };

/** Why the items expression cannot be run over, if it cannot. */
function listProblem(node: ForEachNode, value: unknown): Failure | undefined {
  if (!Array.isArray(value))
    return {
      code: 'FOR_EACH_NOT_A_LIST',
      message: `"${node.name}" runs over a list, but its items gave ${value === null ? 'null' : typeof value}`,
    };
  if (value.length > node.maxItems)
    return {
      code: 'FOR_EACH_TOO_MANY_ITEMS',
      message: `"${node.name}" got ${value.length} items, more than its limit of ${node.maxItems}`,
    };
  return undefined;
}

/** Evaluates the list and starts the first items (all of them at once up to the concurrency). */
export const enterForEach: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = forEachNode(model, nodeId);
  const { visits } = nextVisit(context, nodeId);
  const entered = { ...context, visits, nodes: without(context.nodes, nodeId) };
  const items = evaluateAt(model, [...at(model, nodeId), 'items'], scopeData(context));
  const problem = items.ok ? listProblem(node, items.value) : items.error;
  const list = items.ok && problem === undefined ? (items.value as unknown[]) : [];
  const initial: ForEachState = {
    items: list,
    next: 0,
    running: {},
    results: list.map(() => null),
    ...(problem ? { failure: problem } : {}),
  };
  const started = startItems(model, entered, nodeId, initial);
  return {
    patch: {
      now: context.now,
      visits,
      nodes: entered.nodes,
      forEach: { ...context.forEach, [nodeId]: started.state },
      ...counted(context, nodeId, started.children),
    },
    commands: started.commands,
  };
};

/** The running item an event answers (a job attempt's result, or a child's end), if any. */
function itemOf(context: MachineContext, nodeId: string, event: MachineEvent): number | undefined {
  const state = stateOf(context, nodeId);
  if (!state) return undefined;
  for (const [index, run] of Object.entries(state.running)) {
    if (
      (event.type === 'job.done' || event.type === 'job.failed') &&
      event.jobKey === jobOf(run.key, run.attempt)
    )
      return Number(index);
    if (
      (event.type === 'subworkflow.done' || event.type === 'subworkflow.refused') &&
      event.childKey === run.key
    )
      return Number(index);
  }
  return undefined;
}

export const isForEachItem: Check = (_model, context, event, { nodeId }) =>
  itemOf(context, nodeId, event) !== undefined;

/** Records what an item gave (or retries its call), then starts the items that now have room. */
export const settleForEachItem: Behaviour = (model, before, event, { nodeId }): Effects => {
  const context = atEvent(before, event);
  const index = itemOf(context, nodeId, event);
  const state = stateOf(context, nodeId);
  if (index === undefined || !state) return {};
  const node = forEachNode(model, nodeId);
  const run = state.running[index]!;
  if (
    event.type === 'job.failed' &&
    node.run.type === 'task' &&
    event.error.retryable &&
    run.attempt < node.run.retry.maxAttempts
  ) {
    const attempt = run.attempt + 1;
    const delay = Math.max(backoffMs(node.run, attempt), event.error.retryAfterMs ?? 0);
    return {
      patch: {
        now: context.now,
        forEach: {
          ...context.forEach,
          [nodeId]: { ...state, running: { ...state.running, [index]: { ...run, attempt } } },
        },
      },
      commands: [itemCommand(node, run.key, run.input, attempt, delay)],
    };
  }
  const outcome = itemOutcome(index, event);
  let next: ForEachState = { ...state, running: without(state.running, String(index)) };
  if (outcome.ok) {
    const results = [...next.results];
    results[index] = outcome;
    next = { ...next, results };
  } else next = itemFailed(node, next, index, outcome.error!);
  const started = startItems(model, context, nodeId, next);
  return {
    patch: {
      now: context.now,
      forEach: { ...context.forEach, [nodeId]: started.state },
      ...counted(context, nodeId, started.children),
    },
    commands: started.commands,
  };
};

function itemOutcome(index: number, event: MachineEvent): ForEachItemResult {
  switch (event.type) {
    case 'job.done':
      return { index, ok: true, result: event.output };
    case 'job.failed':
      return { index, ok: false, error: { code: event.error.code, message: event.error.message } };
    case 'subworkflow.done':
      return event.outcome === 'completed'
        ? { index, ok: true, result: { outcome: event.outcome, output: event.output } }
        : {
            index,
            ok: false,
            error: {
              code: 'SUBWORKFLOW_OUTCOME',
              message: `The subworkflow ended "${event.outcome}"${event.error ? `: ${event.error.message}` : ''}`,
            },
          };
    case 'subworkflow.refused':
      return { index, ok: false, error: event.error };
    default:
      return { index, ok: false, error: { code: 'UNKNOWN', message: 'unknown failure' } };
  }
}

/** What the node collected: every item's result in item order, and how many failed. */
function collected(state: ForEachState) {
  const results = state.results.filter((r): r is ForEachItemResult => r !== null);
  return { results, failed: results.filter((r) => !r.ok).length };
}

const finished = (state: ForEachState | undefined): state is ForEachState =>
  state !== undefined &&
  state.failure === undefined &&
  state.next >= state.items.length &&
  Object.keys(state.running).length === 0;

function mapOutput(model: CompileModel, context: MachineContext, nodeId: string, result: unknown) {
  return evaluateMapping(
    model,
    [...at(model, nodeId), 'output'],
    forEachNode(model, nodeId).output,
    scopeData(context, { result }),
  );
}

export const forEachFailed: Check = (_model, context, _event, { nodeId }) =>
  stateOf(context, nodeId)?.failure !== undefined;

export const forEachCompletes: Check = (model, context, event, { nodeId }) => {
  const state = stateOf(context, nodeId);
  return finished(state) && mapOutput(model, atEvent(context, event), nodeId, collected(state)).ok;
};

export const forEachFinished: Check = (_model, context, _event, { nodeId }) =>
  finished(stateOf(context, nodeId));

export const completeForEach: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const state = stateOf(context, nodeId);
  if (!state) return {};
  const result = collected(state);
  const vars = mapOutput(model, context, nodeId, result);
  return {
    patch: {
      now: context.now,
      vars: vars.ok ? { ...context.vars, ...vars.value } : context.vars,
      nodes: { ...context.nodes, [nodeId]: result },
      forEach: without(context.forEach ?? {}, nodeId),
    },
  };
};

/** The node fails: the list was unusable, an item failed under 'fail', or the output mapping did. */
export const failForEach: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const state = stateOf(context, nodeId);
  if (!state) return {};
  const result = collected(state);
  const mapped = state.failure ? undefined : mapOutput(model, context, nodeId, result);
  const error =
    state.failure ?? (mapped && !mapped.ok ? mapped.error : { code: 'UNKNOWN', message: 'unknown' });
  const recorded = recordError({ ...context, nodes: { ...context.nodes, [nodeId]: result } }, nodeId, error);
  return { patch: { ...recorded.patch, forEach: without(context.forEach ?? {}, nodeId) } };
};

/** Leaving the node for any reason withdraws the items still running. */
export const exitForEach: Behaviour = (model, context, _event, { nodeId }) => {
  const state = stateOf(context, nodeId);
  if (!state) return {};
  const child = forEachNode(model, nodeId).run.type === 'subworkflow';
  const commands = Object.values(state.running).map((run): Command =>
    child
      ? { type: 'subworkflow.cancel', childKey: run.key, nodeId }
      : { type: 'job.cancel', jobKey: jobOf(run.key, run.attempt), nodeId },
  );
  // Exit runs before the leaving transition's action, which still reads the results: that action
  // drops the record (an instance that is cancelled or failed keeps it, with nothing running).
  return { patch: { forEach: { ...context.forEach, [nodeId]: { ...state, running: {} } } }, commands };
};

export function forEachState(model: CompileModel, nodeId: string): StateConfig {
  const params = { nodeId };
  const onError = errorTarget(model, nodeId);
  const item = { guard: { type: 'isForEachItem', params }, actions: { type: 'settleForEachItem', params } };
  return {
    id: nodeId,
    entry: { type: 'enterForEach', params },
    exit: { type: 'exitForEach', params },
    on: {
      'job.done': item,
      'job.failed': item,
      'subworkflow.done': item,
      'subworkflow.refused': item,
    },
    // Checked after entry and after every item: the node leaves once all items are settled.
    always: [
      {
        guard: { type: 'forEachFailed', params },
        target: onError,
        reenter: true,
        actions: { type: 'failForEach', params },
      },
      {
        guard: { type: 'forEachCompletes', params },
        target: requiredTarget(model, nodeId, 'out'),
        reenter: true,
        actions: { type: 'completeForEach', params },
      },
      {
        guard: { type: 'forEachFinished', params },
        target: onError,
        reenter: true,
        actions: { type: 'failForEach', params },
      },
    ],
  };
}
