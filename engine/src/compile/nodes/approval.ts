import type { HumanTaskNode } from '../../definition/types';
import type { Command, ResolvedAssignee } from '../commands';
import type { ApprovalSlot, ApprovalState, MachineContext } from '../context';
import { atEvent, failStep, nextVisit, without, type Behaviour, type Check } from '../effects';
import { evaluateAt, evaluateMapping, scopeData } from '../evaluation';
import { durationAt } from '../durationAt';
import type { CompileModel } from '../model';
import { FAILED_STATE, requiredTarget, taskKey, timerKey } from '../stateIds';
import { settledOutcome } from './approvalPolicy';
import { humanTaskNode, overdue, policyOf, settledRecord } from './humanTask';
import type { StateConfig, TransitionConfig } from './stateConfig';

// The behaviours below serve both human-task kinds: approvals and manual tasks (see humanTask.ts).
const approvalNode = humanTaskNode;
const indexOf = (model: CompileModel, id: string) => model.graph.nodeIndex.get(id)!;

function resolveAssignees(model: CompileModel, node: HumanTaskNode, context: MachineContext) {
  const out: ResolvedAssignee[] = [];
  for (const [i, a] of node.assignees.entries()) {
    if (a.type !== 'expression') {
      out.push({ type: a.type, id: a.id });
      continue;
    }
    const value = evaluateAt(
      model,
      ['nodes', indexOf(model, node.id), 'assignees', i, 'expression'],
      scopeData(context),
    );
    if (!value.ok) return value;
    const ids = Array.isArray(value.value) ? value.value : [value.value];
    if (ids.length === 0 || !ids.every((id): id is string => typeof id === 'string' && id.length > 0)) {
      return {
        ok: false as const,
        error: { code: 'NO_APPROVER', message: `The approver expression "${a.expression}" gave no user id` },
      };
    }
    for (const id of ids) out.push({ type: 'user', id });
  }
  const unique = out.filter((a, i) => out.findIndex((b) => b.type === a.type && b.id === a.id) === i);
  return { ok: true as const, value: unique };
}

function createTask(
  node: HumanTaskNode,
  slot: ApprovalSlot,
  dueAt: number | undefined,
  details: Record<string, unknown> | undefined,
): Command {
  return {
    type: 'task.create',
    ...(node.kind === 'manualTask' ? { kind: node.kind } : {}),
    taskKey: slot.taskKey,
    nodeId: node.id,
    slot: slot.slot,
    assignee: slot.assignee,
    title: node.title,
    ...(node.instructions ? { instructions: node.instructions } : {}),
    ...(details ? { details: details as Record<string, never> } : {}),
    form: node.form,
    outcomes: node.outcomes,
    requireCommentOn: node.requireCommentOn,
    allowDelegation: node.allowDelegation,
    ...(dueAt !== undefined ? { dueAt } : {}),
  };
}

export const enterApproval: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = approvalNode(model, nodeId);
  const { visit, visits } = nextVisit(context, nodeId);
  const assignees = resolveAssignees(model, node, context);
  const fail = (code: string, message: string) => ({
    patch: { now: context.now, visits },
    raise: failStep(nodeId, code, message, context.now),
  });
  if (!assignees.ok) return fail(assignees.error.code, assignees.error.message);
  const details = node.details
    ? evaluateMapping(model, ['nodes', indexOf(model, nodeId), 'details'], node.details, scopeData(context))
    : undefined;
  if (details && !details.ok) return fail(details.error.code, details.error.message);
  const policy = policyOf(node);
  if (policy.type === 'quorum' && policy.count > assignees.value.length) {
    return fail(
      'QUORUM_TOO_LARGE',
      `"${node.name}" needs ${policy.count} approvals but only ${assignees.value.length} approvers were found`,
    );
  }
  const sequential = policy.type === 'sequence';
  const slots: ApprovalSlot[] = assignees.value.map((assignee, slot) => ({
    slot,
    assignee,
    taskKey: taskKey(nodeId, visit, slot),
    status: sequential && slot > 0 ? 'waiting' : 'open',
  }));
  // Due time and reminder interval are computed once, on entry, from the data as it is then.
  const at = ['nodes', indexOf(model, nodeId)];
  const due = node.due ? durationAt(model, context, [...at, 'due', 'after'], node.due.after) : undefined;
  if (due && !due.ok) return fail(due.error.code, due.error.message);
  const every = node.reminders
    ? durationAt(model, context, [...at, 'reminders', 'every'], node.reminders.every)
    : undefined;
  if (every && !every.ok) return fail(every.error.code, every.error.message);
  const dueAt = due ? context.now + due.value : undefined;
  const commands: Command[] = slots
    .filter((s) => s.status === 'open')
    .map((s) => createTask(node, s, dueAt, details?.value));
  const timers = { ...context.timers };
  if (dueAt !== undefined) {
    timers[`${nodeId}:due`] = timerKey(nodeId, visit, 'due');
    commands.push({ type: 'timer.schedule', timerKey: timers[`${nodeId}:due`]!, nodeId, fireAt: dueAt });
  }
  if (every) {
    timers[`${nodeId}:remind`] = timerKey(nodeId, visit, 'remind1');
    commands.push({
      type: 'timer.schedule',
      timerKey: timers[`${nodeId}:remind`]!,
      nodeId,
      fireAt: context.now + every.value,
    });
  }
  return {
    patch: {
      now: context.now,
      visits,
      timers,
      approvals: {
        ...context.approvals,
        [nodeId]: {
          slots,
          reminders: 0,
          ...(dueAt !== undefined ? { dueAt } : {}),
          ...(every ? { remindEvery: every.value } : {}),
          ...(details ? { details: details.value } : {}),
        },
      },
    },
    commands,
  };
};

/**
 * Cancels the tasks still open and the timers still pending. The approval's own state stays
 * until the transition's action records the outcome (XState runs exit actions first).
 */
export const exitApproval: Behaviour = (_model, context, event, { nodeId }) => {
  const state = context.approvals[nodeId];
  const deciding = event.type === 'task.decided' ? event.taskKey : undefined;
  const commands: Command[] = (state?.slots ?? [])
    .filter((s) => s.status === 'open' && s.taskKey !== deciding)
    .map((s) => ({ type: 'task.cancel', taskKey: s.taskKey, nodeId }));
  let timers = context.timers;
  for (const purpose of ['due', 'remind']) {
    const key = timers[`${nodeId}:${purpose}`];
    if (key === undefined) continue;
    const firing = event.type === 'timer.fired' && event.timerKey === key;
    if (!firing) commands.push({ type: 'timer.cancel', timerKey: key, nodeId });
    timers = without(timers, `${nodeId}:${purpose}`);
  }
  return { patch: { timers }, commands };
};

/** The slots after applying a decision event, or undefined when the event is not a valid decision here. */
function decide(
  model: CompileModel,
  context: MachineContext,
  event: Parameters<Behaviour>[2],
  nodeId: string,
): ApprovalSlot[] | undefined {
  if (event.type !== 'task.decided') return undefined;
  const state = context.approvals[nodeId];
  const slot = state?.slots.find((s) => s.taskKey === event.taskKey);
  if (!state || !slot || slot.status !== 'open') return undefined;
  if (!approvalNode(model, nodeId).outcomes.some((o) => o.id === event.outcome)) return undefined;
  const decision = {
    outcome: event.outcome,
    by: event.by,
    at: event.at,
    ...(event.comment !== undefined ? { comment: event.comment } : {}),
    ...(event.form !== undefined ? { form: event.form } : {}),
  };
  return state.slots.map((s) => (s.taskKey === slot.taskKey ? { ...s, status: 'decided', decision } : s));
}

export const isOpenSlot: Check = (model, context, event, { nodeId }) =>
  decide(model, context, event, nodeId) !== undefined;

export const approvalSettles: Check = (model, context, event, { nodeId, handle }) => {
  const slots = decide(model, context, event, nodeId);
  return slots !== undefined && settledOutcome(policyOf(approvalNode(model, nodeId)), slots) === handle;
};

/** Records a decision that does not settle the approval; a sequence opens its next slot. */
export const recordDecision: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = approvalNode(model, nodeId);
  const decided = decide(model, context, event, nodeId)!;
  const next = policyOf(node).type === 'sequence' ? decided.find((s) => s.status === 'waiting') : undefined;
  const slots = next ? decided.map((s) => (s === next ? { ...s, status: 'open' as const } : s)) : decided;
  const dueAt = context.approvals[nodeId]!.dueAt;
  const state: ApprovalState = { ...context.approvals[nodeId]!, slots };
  return {
    patch: {
      now: context.now,
      approvals: { ...context.approvals, [nodeId]: state },
      nodes: { ...context.nodes, [nodeId]: settledRecord(node, null, slots) },
    },
    commands: next ? [createTask(node, { ...next, status: 'open' }, dueAt, state.details)] : [],
  };
};

/** Records the settling decision; exit then cancels the other open tasks. */
export const settleApproval: Behaviour = (model, before, event, { nodeId, handle }) => {
  const context = atEvent(before, event);
  const slots = decide(model, before, event, nodeId) ?? [];
  return {
    patch: {
      now: context.now,
      approvals: without(context.approvals, nodeId),
      nodes: {
        ...context.nodes,
        [nodeId]: settledRecord(approvalNode(model, nodeId), handle ?? null, slots),
      },
    },
  };
};

export const isTimer: Check = (_model, context, event, { nodeId, purpose }) =>
  event.type === 'timer.fired' && context.timers[`${nodeId}:${purpose}`] === event.timerKey;

/** Due date passed: escalate or settle with the configured outcome; nobody decided. */
export const approvalTimedOut: Behaviour = (model, before, event, { nodeId, handle }) => {
  const context = atEvent(before, event);
  const slots = context.approvals[nodeId]?.slots ?? [];
  return {
    patch: {
      now: context.now,
      approvals: without(context.approvals, nodeId),
      nodes: {
        ...context.nodes,
        [nodeId]: settledRecord(approvalNode(model, nodeId), handle ?? null, slots, true),
      },
    },
  };
};

/**
 * The reminder interval computed on entry. A state stored before it was kept has none; its
 * node's interval was then fixed, so reading the definition gives the same.
 */
function remindEvery(
  model: CompileModel,
  context: MachineContext,
  nodeId: string,
  state: ApprovalState,
): number | undefined {
  if (state.remindEvery !== undefined) return state.remindEvery;
  const every = approvalNode(model, nodeId).reminders?.every;
  if (every === undefined) return undefined;
  const ms = durationAt(model, context, ['nodes', indexOf(model, nodeId), 'reminders', 'every'], every);
  return ms.ok ? ms.value : undefined;
}

export const remindApprovers: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = approvalNode(model, nodeId);
  const state = context.approvals[nodeId]!;
  const reminders = state.reminders + 1;
  const open = state.slots.filter((s) => s.status === 'open').map((s) => s.taskKey);
  const commands: Command[] = [{ type: 'task.remind', taskKeys: open, nodeId, reminder: reminders }];
  let timers = without(context.timers, `${nodeId}:remind`);
  const every = remindEvery(model, context, nodeId, state);
  if (node.reminders && reminders < node.reminders.max && every !== undefined) {
    const key = timerKey(nodeId, context.visits[nodeId] ?? 1, `remind${reminders + 1}`);
    timers = { ...timers, [`${nodeId}:remind`]: key };
    commands.push({ type: 'timer.schedule', timerKey: key, nodeId, fireAt: context.now + every });
  }
  return {
    patch: {
      now: context.now,
      timers,
      approvals: { ...context.approvals, [nodeId]: { ...state, reminders } },
    },
    commands,
  };
};

export function approvalState(model: CompileModel, nodeId: string): StateConfig {
  const node = approvalNode(model, nodeId);
  const params = { nodeId };
  const decided: TransitionConfig[] = node.outcomes.map((o) => ({
    guard: { type: 'approvalSettles', params: { nodeId, handle: o.id } },
    target: requiredTarget(model, nodeId, o.id),
    reenter: true,
    actions: { type: 'settleApproval', params: { nodeId, handle: o.id } },
  }));
  decided.push({ guard: { type: 'isOpenSlot', params }, actions: { type: 'recordDecision', params } });
  const timers: TransitionConfig[] = [];
  const late = overdue(node);
  if (late) {
    timers.push({
      guard: { type: 'isTimer', params: { nodeId, purpose: 'due' } },
      target: requiredTarget(model, nodeId, late.handle),
      reenter: true,
      actions: { type: 'approvalTimedOut', params: { nodeId, handle: late.outcome } },
    });
  }
  if (node.reminders)
    timers.push({
      guard: { type: 'isTimer', params: { nodeId, purpose: 'remind' } },
      actions: { type: 'remindApprovers', params },
    });
  return {
    id: nodeId,
    entry: { type: 'enterApproval', params },
    exit: { type: 'exitApproval', params },
    on: {
      'task.decided': decided,
      ...(node.allowDelegation
        ? {
            'task.delegated': {
              guard: { type: 'canDelegate', params },
              actions: { type: 'recordDelegation', params },
            },
          }
        : {}),
      ...(timers.length > 0 ? { 'timer.fired': timers } : {}),
      'task.unassignable': {
        guard: { type: 'isUnassignableSlot', params },
        actions: { type: 'raiseApprovalIncident', params },
      },
      // An operator's retry opens the approval afresh: exit withdraws its tasks, entry resolves
      // the assignees again and creates new ones.
      'job.retry': { guard: { type: 'approvalHasIncident', params }, target: `#${nodeId}`, reenter: true },
      'step.failed': {
        guard: { type: 'isStepOf', params },
        target: `#${FAILED_STATE}`,
        reenter: true,
        actions: { type: 'failTask', params },
      },
    },
  };
}
