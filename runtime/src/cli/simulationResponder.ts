import {
  findCatalogAction,
  formToJsonSchema,
  type Catalog,
  type Command,
  type EngineEvent,
  type Responder,
} from '@flowline/engine';
import { UsageError } from './io';
import { sampleValue, type Json } from './sampleValue';

/** `--decide node=timeout`: nobody decides, so the node's due date settles it. */
export const NO_DECISION = 'timeout';

export interface SimulationChoices {
  /** Outcome by node id, for approvals (and other human tasks) and subworkflows. */
  readonly decide: ReadonlyMap<string, string>;
  /** Task nodes whose connector call fails, every attempt. */
  readonly fail: ReadonlySet<string>;
}

/**
 * Answers a simulated instance's commands as the world would: connector calls succeed with a
 * sample of the action's output schema (or fail, for --fail nodes); tasks are decided with the
 * --decide outcome, else their first; timers fire; subworkflows complete. What needs no answer
 * (cancels, reminders, the end) gets none.
 */
export function simulationResponder(catalog: Catalog, choices: SimulationChoices): Responder {
  return {
    respond(command: Command, at: number): EngineEvent | undefined {
      switch (command.type) {
        case 'job.start':
          if (choices.fail.has(command.nodeId))
            return {
              type: 'job.failed',
              jobKey: command.jobKey,
              error: { code: 'SIMULATED_FAILURE', message: 'failed as asked (--fail)', retryable: true },
              at,
            };
          return {
            type: 'job.done',
            jobKey: command.jobKey,
            output: sampleValue(findCatalogAction(catalog, command.action)?.output, { now: at }),
            at,
          };
        case 'task.create': {
          const outcome = choices.decide.get(command.nodeId) ?? command.outcomes[0]?.id;
          if (outcome === undefined || outcome === NO_DECISION) return undefined;
          if (!command.outcomes.some((o) => o.id === outcome))
            throw new UsageError(
              `--decide ${command.nodeId}=${outcome}: its task offers ${command.outcomes.map((o) => o.id).join(', ')}` +
                ` (or ${NO_DECISION}, to let it fall due)`,
            );
          return {
            type: 'task.decided',
            taskKey: command.taskKey,
            outcome,
            by: command.assignee.id,
            ...(command.requireCommentOn.includes(outcome) ? { comment: 'Simulated decision' } : {}),
            ...(command.form.length > 0
              ? { form: asObject(sampleValue(formToJsonSchema(command.form), { now: at })) }
              : {}),
            at,
          };
        }
        case 'timer.schedule':
          return { type: 'timer.fired', timerKey: command.timerKey, at: Math.max(at, command.fireAt) };
        case 'subworkflow.start':
          return {
            type: 'subworkflow.done',
            childKey: command.childKey,
            outcome: choices.decide.get(command.nodeId) ?? 'completed',
            output: {},
            at,
          };
        default:
          return undefined;
      }
    },
  };
}

const asObject = (value: Json): Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
