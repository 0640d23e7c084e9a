import type { ApprovalPolicy } from '../../definition/nodes/approval';
import type { HumanTaskNode } from '../../definition/types';
import type { ApprovalSlot } from '../context';
import type { CompileModel } from '../model';

/**
 * Approvals and manual tasks share one task machinery (tasks per assignee, due date, reminders,
 * delegation, incidents); these say where the two differ.
 */
export const humanTaskNode = (model: CompileModel, id: string) => model.node(id) as HumanTaskNode;

const FIRST_TO_FINISH: ApprovalPolicy = { type: 'any' };

/** A manual task is settled by whoever of its assignees completes it first. */
export const policyOf = (node: HumanTaskNode): ApprovalPolicy =>
  node.kind === 'approval' ? node.policy : FIRST_TO_FINISH;

/**
 * What an overdue node does: the handle it leaves by and the outcome it records. An approval
 * escalates (`timeout`, recorded as `escalated`) or settles with an outcome; a manual task with a
 * due date always leaves by `timeout`.
 */
export function overdue(node: HumanTaskNode): { handle: string; outcome: string } | undefined {
  if (!node.due) return undefined;
  if (node.kind === 'manualTask') return { handle: 'timeout', outcome: 'timeout' };
  return node.due.onTimeout.type === 'escalate'
    ? { handle: 'timeout', outcome: 'escalated' }
    : { handle: node.due.onTimeout.outcome, outcome: node.due.onTimeout.outcome };
}

const summary = (slots: readonly ApprovalSlot[]) =>
  slots.filter((s) => s.decision).map((s) => ({ slot: s.slot, assignee: s.assignee, ...s.decision! }));

/**
 * The node's record (`nodes.<id>`). An approval keeps every decision; a manual task is done once,
 * so who completed it, when, and the values of its form are the record itself.
 */
export function settledRecord(
  node: HumanTaskNode,
  outcome: string | null,
  slots: readonly ApprovalSlot[],
  timedOut = false,
): Record<string, unknown> {
  const decisions = summary(slots);
  const timeout = timedOut ? { timedOut: true } : {};
  if (node.kind === 'approval') return { outcome, ...timeout, decisions };
  const done = decisions.at(-1);
  return {
    outcome,
    ...timeout,
    ...(done
      ? { by: done.by, at: done.at, ...(done.comment !== undefined ? { comment: done.comment } : {}) }
      : {}),
    form: done?.form ?? {},
    decisions,
  };
}
