import type { EngineEvent, WorkflowDefinition } from '@flowline/engine';
import type { RuntimeCommand } from '../executor/outbox';
import type { Store } from '../store';
import { awayComment, awayHandOffs } from './awayDelegation';
import { assignmentProblem, decisionContextOf } from './decisionPolicy';

/** What a step is about to commit, as the screen sees it. */
export interface ScreenedStep {
  readonly definition: WorkflowDefinition;
  /** The instance's requester. */
  readonly startedBy: string | undefined;
  readonly commands: readonly RuntimeCommand[];
  readonly at: number;
}

type TaskCreate = Extract<RuntimeCommand, { type: 'task.create' }>;

/**
 * Looks at the tasks a step creates before it commits, and returns events the executor applies in
 * the SAME write:
 * - a task whose assignee cannot decide it (unknown, disabled, without tasks:decide, the requester
 *   under segregation of duties, a group with nobody who may) gets `task.unassignable`, so the
 *   approval carries an incident from the moment the task exists;
 * - a task for a user who is away (tasks/awayDelegation.ts), where its step allows delegation,
 *   gets `task.delegated` to their delegate, so it never waits in an empty inbox.
 */
export function createAssignmentScreen(deps: { store: Pick<Store, 'getUser' | 'listGroupMembers'> }) {
  return async function screen(step: ScreenedStep): Promise<EngineEvent[]> {
    const creates = step.commands.filter((command): command is TaskCreate => command.type === 'task.create');
    // Who holds a personal task of each step after this screen: nobody gets two of one step.
    const holders = new Map<string, Set<string>>();
    const holdersOf = (nodeId: string) => holders.get(nodeId) ?? holders.set(nodeId, new Set()).get(nodeId)!;
    for (const command of creates)
      if (command.assignee.type === 'user') holdersOf(command.nodeId).add(command.assignee.id);

    const events: EngineEvent[] = [];
    for (const command of creates) {
      const context = decisionContextOf(step.definition, command.nodeId, step.startedBy);
      const problem = await assignmentProblem(deps.store, command.assignee, context);
      if (problem) {
        events.push({ type: 'task.unassignable', taskKey: command.taskKey, ...problem, at: step.at });
        continue;
      }
      if (command.assignee.type !== 'user' || !command.allowDelegation) continue;
      const assignee = await deps.store.getUser(command.assignee.id);
      if (!assignee) continue;
      const held = holdersOf(command.nodeId);
      const handOffs = await awayHandOffs(deps.store, assignee, context, step.at, held);
      for (const handOff of handOffs)
        events.push({
          type: 'task.delegated',
          taskKey: command.taskKey,
          to: { type: 'user', id: handOff.to.id },
          by: handOff.from.id,
          comment: awayComment(handOff),
          at: step.at,
        });
      const last = handOffs.at(-1);
      if (last) {
        held.delete(assignee.id);
        held.add(last.to.id);
      }
    }
    return events;
  };
}

export type AssignmentScreen = ReturnType<typeof createAssignmentScreen>;
