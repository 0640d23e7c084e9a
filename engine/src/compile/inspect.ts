import type { ResolvedAssignee } from './commands';
import type { ApprovalSlot, Decision, MachineContext } from './context';

/** A node that stopped for an operator: a task that failed for good with no error edge. */
export interface Incident {
  readonly nodeId: string;
  readonly attempts: number;
  /** Why it failed, as recorded on the node. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** What an operator needs to see of an instance's incidents, read from its context. */
export function incidentsOf(context: MachineContext): Incident[] {
  return Object.entries(context.jobs)
    .filter(([, job]) => job.incident === true)
    .map(([nodeId, job]) => ({
      nodeId,
      attempts: job.attempt,
      error: errorOfNode(context, nodeId),
    }));
}

function errorOfNode(context: MachineContext, nodeId: string): Incident['error'] {
  const result = context.nodes[nodeId];
  const error =
    result !== null && typeof result === 'object' ? (result as { error?: unknown }).error : undefined;
  if (error === null || typeof error !== 'object') return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}

/** One decision already taken on an approval node, with the slot it filled. */
export interface SlotDecision extends Decision {
  readonly slot: number;
  readonly assignee: ResolvedAssignee;
}

/** The decisions taken so far on an approval node (empty when it has none or is not an approval). */
export function decisionsSoFar(context: MachineContext, nodeId: string): SlotDecision[] {
  const slots: readonly ApprovalSlot[] = context.approvals[nodeId]?.slots ?? [];
  return slots.flatMap((s) => (s.decision ? [{ slot: s.slot, assignee: s.assignee, ...s.decision }] : []));
}
