import { AppError } from '../errors';
import type { Store, WorkflowActivation } from '../store';
import type { LoadedVersion } from './machineCache';

/** A deactivation as people read it: when, and by whom (their name while the user exists). */
export interface Deactivation {
  readonly at: number;
  readonly by: string;
  readonly byName?: string;
}

/** "2026-11-29 21:09 UTC": a message is read by people in any zone. */
const minuteOf = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The deactivation a record names, or undefined when the workflow is active. */
export async function deactivationOf(
  store: Pick<Store, 'getUser'>,
  record: WorkflowActivation | null | undefined,
): Promise<Deactivation | undefined> {
  if (!record || record.active) return undefined;
  const user = await store.getUser(record.changedBy);
  return { at: record.changedAt, by: record.changedBy, ...(user ? { byName: user.name } : {}) };
}

/** The refusal of every start of a deactivated workflow (409 WORKFLOW_INACTIVE). */
export function inactiveError(workflowId: string, name: string, deactivation: Deactivation): AppError {
  return new AppError(
    'WORKFLOW_INACTIVE',
    `"${name}" was deactivated by ${deactivation.byName ?? deactivation.by} on ${minuteOf(deactivation.at)}; ` +
      'an admin or designer can activate it again',
    { workflowId, deactivatedAt: deactivation.at, deactivatedBy: deactivation.by },
  );
}

/**
 * The start policy's activation rule, for the executor's one start path: every start (the API,
 * request forms, webhooks, cron, a parent's subworkflow) of a deactivated workflow is refused.
 * Read from the store on each start, so a deactivation on another replica holds at once; steps of
 * instances already running never come this way and go on. Not cached: a replica learns of
 * another's deactivation only by reading (the publication log and change feed carry none, and are
 * read on a tick), so a copy would start instances after the deactivation had answered
 * (activationReplicas.test.ts).
 */
export function createActivationCheck(store: Pick<Store, 'getWorkflowActivation' | 'getUser'>) {
  return async (loaded: LoadedVersion): Promise<void> => {
    const deactivation = await deactivationOf(store, await store.getWorkflowActivation(loaded.workflowId));
    if (deactivation) throw inactiveError(loaded.workflowId, loaded.definition.name, deactivation);
  };
}
