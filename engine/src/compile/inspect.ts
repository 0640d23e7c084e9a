import type { ResolvedAssignee } from './commands';
import type { ApprovalSlot, Decision, MachineContext } from './context';

/**
 * A node that stopped for an operator (who retries or cancels it): a task that failed for good
 * with no error edge, an approval whose tasks could not be given to their assignees, or a
 * subworkflow whose child the runtime refused to start.
 */
export interface Incident {
  readonly nodeId: string;
  readonly kind: 'task' | 'approval' | 'subworkflow';
  /** Attempts of the task; visits of the node for the other kinds. */
  readonly attempts: number;
  /** Why it stopped, as recorded on the node. */
  readonly error: { readonly code: string; readonly message: string } | null;
  /** For an approval: how many of its tasks could not be given. */
  readonly tasks?: number;
}

/** What an operator needs to see of an instance's incidents, read from its context. */
export function incidentsOf(context: MachineContext): Incident[] {
  const tasks = Object.entries(context.jobs)
    .filter(([, job]) => job.incident === true)
    .map(([nodeId, job]): Incident => ({
      nodeId,
      kind: 'task',
      attempts: job.attempt,
      error: errorOfNode(context, nodeId),
    }));
  const approvals = Object.entries(context.approvals).flatMap(([nodeId, approval]): Incident[] =>
    approval.incident
      ? [
          {
            nodeId,
            kind: 'approval',
            attempts: context.visits[nodeId] ?? 1,
            error: { code: approval.incident.code, message: approval.incident.message },
            tasks: approval.incident.taskKeys.length,
          },
        ]
      : [],
  );
  const children = Object.entries(context.refused ?? {}).map(([nodeId, error]): Incident => ({
    nodeId,
    kind: 'subworkflow',
    attempts: context.visits[nodeId] ?? 1,
    error: { code: error.code, message: error.message },
  }));
  return [...tasks, ...approvals, ...children];
}

/**
 * How many incidents `incidentsOf` lists, without building them: the runtime asks on every step
 * (the instance's open-incident count, and whether the step raised one).
 */
export function incidentCount(context: MachineContext): number {
  let count = 0;
  for (const job of Object.values(context.jobs)) if (job.incident === true) count += 1;
  for (const approval of Object.values(context.approvals)) if (approval.incident) count += 1;
  return count + (context.refused ? Object.keys(context.refused).length : 0);
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
