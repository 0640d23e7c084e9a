import type { PrunableQuery, RetentionMode, WorkflowRetention } from '../store';
import type { RetentionConfig } from './retentionConfig';

const DAY_MS = 86_400_000;

/** One policy applied in one run: which ended instances, before when, and what happens to them. */
export interface PrunePass {
  /** 'global', or the workflow whose own policy this is. */
  readonly policy: string;
  readonly mode: RetentionMode;
  readonly days: number;
  readonly query: Omit<PrunableQuery, 'limit'>;
}

/**
 * The passes of one run at `now`: each workflow with a policy of its own by that policy (none when
 * it keeps its instances forever), then every other workflow by the global policy when it is on.
 * A workflow's policy beats the global one, whether shorter or longer.
 */
export function prunePasses(
  global: Pick<RetentionConfig, 'endedInstancesDays' | 'mode'>,
  overrides: readonly WorkflowRetention[],
  now: number,
): PrunePass[] {
  const passes: PrunePass[] = [];
  for (const override of overrides) {
    if (override.endedInstancesDays === null) continue;
    passes.push({
      policy: override.workflowId,
      mode: override.mode ?? global.mode,
      days: override.endedInstancesDays,
      query: { endedBefore: now - override.endedInstancesDays * DAY_MS, workflowId: override.workflowId },
    });
  }
  if (global.endedInstancesDays !== null)
    passes.push({
      policy: 'global',
      mode: global.mode,
      days: global.endedInstancesDays,
      query: {
        endedBefore: now - global.endedInstancesDays * DAY_MS,
        exceptWorkflowIds: overrides.map((override) => override.workflowId),
      },
    });
  return passes;
}
