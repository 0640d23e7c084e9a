import type { HumanTaskNode } from '../../definition/types';
import type { ApprovalSlot } from '../context';
import { atEvent, type Behaviour, type Check } from '../effects';
import type { EngineEvent } from '../events';

type Delegated = Extract<EngineEvent, { type: 'task.delegated' }>;

/**
 * Another place of this visit of the step that `userId` holds, if any: a task open or still to
 * come (a sequence's later step) assigned to them, or one they decided. Handing them `taskKey`
 * too would let one person decide twice where the step asks for several people.
 */
export function otherPlaceOf(
  slots: readonly ApprovalSlot[],
  taskKey: string,
  userId: string,
): ApprovalSlot | undefined {
  return slots.find(
    (s) =>
      s.taskKey !== taskKey &&
      (s.status === 'decided'
        ? s.decision?.by === userId
        : s.assignee.type === 'user' && s.assignee.id === userId),
  );
}

/**
 * The slot a delegation event hands over, or undefined when it may not: the approval must allow
 * delegation, the task must be open, and it must go to someone new who holds no other place of
 * the step. Deciding and delegating pass through the instance in turn, so a task decided (or a
 * place given) meanwhile is seen here, whatever the runtime checked before.
 */
function delegatedSlot(node: HumanTaskNode, slots: readonly ApprovalSlot[], event: Delegated) {
  if (!node.allowDelegation) return undefined;
  const slot = slots.find((s) => s.taskKey === event.taskKey);
  if (!slot || slot.status !== 'open') return undefined;
  if (slot.assignee.type === event.to.type && slot.assignee.id === event.to.id) return undefined;
  if (event.to.type === 'user' && otherPlaceOf(slots, event.taskKey, event.to.id)) return undefined;
  return slot;
}

export const canDelegate: Check = (model, context, event, { nodeId }) =>
  event.type === 'task.delegated' &&
  delegatedSlot(model.node(nodeId) as HumanTaskNode, context.approvals[nodeId]?.slots ?? [], event) !==
    undefined;

/** Hands the slot to its new assignee; the task record follows through `task.reassign`. */
export const recordDelegation: Behaviour = (model, before, event, { nodeId }) => {
  if (event.type !== 'task.delegated') return {};
  const context = atEvent(before, event);
  const state = context.approvals[nodeId]!;
  const slot = delegatedSlot(model.node(nodeId) as HumanTaskNode, state.slots, event)!;
  const slots = state.slots.map((s) => (s === slot ? { ...s, assignee: event.to } : s));
  return {
    patch: { now: context.now, approvals: { ...context.approvals, [nodeId]: { ...state, slots } } },
    commands: [{ type: 'task.reassign', taskKey: slot.taskKey, nodeId, from: slot.assignee, to: event.to }],
  };
};
