import type { EngineEvent, WorkflowDefinition } from '@flowline/engine';
import type { RuntimeCommand } from '../executor/outbox';
import type { Store } from '../store';
import { assignmentProblem, decisionContextOf } from './decisionPolicy';

/** What a step is about to commit, as the screen sees it. */
export interface ScreenedStep {
  readonly definition: WorkflowDefinition;
  /** The instance's requester. */
  readonly startedBy: string | undefined;
  readonly commands: readonly RuntimeCommand[];
  readonly at: number;
}

/**
 * Looks at the tasks a step creates before it commits: a task whose assignee cannot decide it
 * (unknown, disabled, without tasks:decide, the requester under segregation of duties, a group
 * with nobody who may) gets a `task.unassignable` event, which the executor applies in the SAME
 * write, so the approval carries an incident from the moment the task exists.
 */
export function createAssignmentScreen(deps: { store: Pick<Store, 'getUser' | 'listGroupMembers'> }) {
  return async function screen(step: ScreenedStep): Promise<EngineEvent[]> {
    const events: EngineEvent[] = [];
    for (const command of step.commands) {
      if (command.type !== 'task.create') continue;
      const context = decisionContextOf(step.definition, command.nodeId, step.startedBy);
      const problem = await assignmentProblem(deps.store, command.assignee, context);
      if (problem)
        events.push({ type: 'task.unassignable', taskKey: command.taskKey, ...problem, at: step.at });
    }
    return events;
  };
}

export type AssignmentScreen = ReturnType<typeof createAssignmentScreen>;
