import { AppError } from '../errors';
import type { Store, WorkflowActivation } from '../store';

/** What else follows a workflow's activation (its cron trigger), when this process has it. */
export interface ActivationHooks {
  /** Before an inactive workflow is recorded active: fires it missed meanwhile are not made up. */
  readonly activating?: (workflowId: string, at: number) => Promise<void>;
  /** After the state was recorded (this process stops or resumes firing at once). */
  readonly changed?: (workflowId: string) => Promise<void>;
}

/**
 * Deactivates and activates published workflows. Idempotent: a workflow already in the state
 * asked for keeps its record (who deactivated it first stays named). A workflow never published
 * has nothing to deactivate: it cannot be started anyway (409).
 */
export function createActivationSwitch(deps: { store: Store; now: () => number; hooks?: ActivationHooks }) {
  const { store, hooks } = deps;

  async function requirePublished(workflowId: string): Promise<void> {
    if ((await store.getLatestVersionNumber(workflowId)) !== null) return;
    if (!(await store.getDraft(workflowId)))
      throw new AppError('NOT_FOUND', `There is no workflow ${workflowId}`);
    throw new AppError(
      'CONFLICT',
      `${workflowId} was never published: nothing starts it, so there is nothing to deactivate or activate`,
    );
  }

  return async function setActive(
    workflowId: string,
    active: boolean,
    by: string,
  ): Promise<WorkflowActivation | null> {
    await requirePublished(workflowId);
    const current = await store.getWorkflowActivation(workflowId);
    if ((current?.active ?? true) === active) return current;
    const at = deps.now();
    // Re-armed while still inactive, so no replica sees it active with the cursor it was left at.
    if (active) await hooks?.activating?.(workflowId, at);
    const stored = await store.setWorkflowActive({ workflowId, active, changedAt: at, changedBy: by });
    await hooks?.changed?.(workflowId);
    return stored;
  };
}

export type ActivationSwitch = ReturnType<typeof createActivationSwitch>;
