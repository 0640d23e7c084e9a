import type { ApprovalState } from '../context';
import { atEvent, type Behaviour, type Check } from '../effects';

/**
 * A task the runtime could not give to its assignee. Only an open slot of the current visit
 * counts, once: a repeated or stale report changes nothing.
 */
export const isUnassignableSlot: Check = (_model, context, event, { nodeId }) => {
  if (event.type !== 'task.unassignable') return false;
  const state = context.approvals[nodeId];
  const slot = state?.slots.find((s) => s.taskKey === event.taskKey);
  return slot?.status === 'open' && !(state?.incident?.taskKeys ?? []).includes(event.taskKey);
};

/**
 * Raises an incident on the approval: the instance waits at the node (other approvers may still
 * settle it) until an operator retries the node (POST /api/instances/{id}/retry) or cancels.
 */
export const raiseApprovalIncident: Behaviour = (_model, before, event, { nodeId }) => {
  if (event.type !== 'task.unassignable') return {};
  const context = atEvent(before, event);
  const state = context.approvals[nodeId]!;
  const incident = state.incident
    ? { ...state.incident, taskKeys: [...state.incident.taskKeys, event.taskKey] }
    : { code: event.code, message: event.message, taskKeys: [event.taskKey] };
  const next: ApprovalState = { ...state, incident };
  return { patch: { now: context.now, approvals: { ...context.approvals, [nodeId]: next } } };
};

export const approvalHasIncident: Check = (_model, context, event, { nodeId }) =>
  event.type === 'job.retry' && event.nodeId === nodeId && context.approvals[nodeId]?.incident !== undefined;
