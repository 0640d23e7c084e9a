import {
  applyEvent,
  type EngineEvent,
  type StepResult,
  type WorkflowDefinition,
  type WorkflowMachine,
} from '@flowline/engine';
import type { RuntimeCommand } from './outbox';

/** Events the runtime adds to a step before it commits (see tasks/assignmentScreen.ts). */
export type StepScreen = (step: {
  definition: WorkflowDefinition;
  startedBy: string | undefined;
  commands: readonly RuntimeCommand[];
  at: number;
}) => Promise<EngineEvent[]>;

/**
 * Applies the screen's follow-up events to a step's result in memory, so the step and what the
 * runtime learnt about it commit as ONE write. Returns the final result and each follow-up that
 * changed the instance (for its own history entry); a follow-up the machine ignores is dropped.
 */
export async function withFollowUps(
  machine: WorkflowMachine,
  result: StepResult,
  screen: StepScreen | undefined,
  step: { definition: WorkflowDefinition; startedBy: string | undefined; at: number },
): Promise<{ result: StepResult; followUps: { event: EngineEvent; result: StepResult }[] }> {
  if (!screen || !result.commands.some((command) => command.type === 'task.create'))
    return { result, followUps: [] };
  const followUps: { event: EngineEvent; result: StepResult }[] = [];
  let last = result;
  for (const event of await screen({ ...step, commands: result.commands })) {
    const next = applyEvent(machine, last.state, event);
    if (!next.changed) continue;
    followUps.push({ event, result: next });
    last = next;
  }
  return { result: last, followUps };
}
