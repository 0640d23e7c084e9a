import type { Command } from '../compile/commands';
import type { EngineEvent } from '../compile/events';
import type { Responder } from '../simulate';

/** Answers every command the happy way: jobs succeed, tasks are approved (or done), timers fire, children complete. */
export const happyResponder: Responder = {
  respond(command: Command, at: number): EngineEvent | undefined {
    switch (command.type) {
      case 'job.start':
        return { type: 'job.done', jobKey: command.jobKey, output: { ok: true }, at };
      case 'task.create':
        return {
          type: 'task.decided',
          taskKey: command.taskKey,
          // An approval is approved; a manual task finishes with its first outcome (`done`).
          outcome: command.outcomes.some((o) => o.id === 'approved')
            ? 'approved'
            : (command.outcomes[0]?.id ?? 'approved'),
          by: command.assignee.id,
          at,
        };
      case 'timer.schedule':
        return { type: 'timer.fired', timerKey: command.timerKey, at: Math.max(at, command.fireAt) };
      case 'subworkflow.start':
        return { type: 'subworkflow.done', childKey: command.childKey, outcome: 'completed', output: {}, at };
      default:
        return undefined;
    }
  },
};
