import type { Command as EngineCommand, EngineEvent } from '@flowline/engine';
import type { NewHistoryEntry } from '../store';
import { asJson } from '../store/plainJson';

/** Runtime-level commands added beside the engine's, in the same atomic write. */
export type RuntimeCommand =
  | EngineCommand
  | {
      type: 'task.close';
      taskKey: string;
      nodeId: string;
      decision: { outcome: string; by: string; at: number; comment?: string; form?: Record<string, unknown> };
    };

/** Extra commands an event implies for the runtime's own records. */
export function runtimeCommandsFor(event: EngineEvent): RuntimeCommand[] {
  if (event.type !== 'task.decided') return [];
  // Task keys are `${nodeId}#${visit}#${slot}` (engine stateIds).
  const nodeId = event.taskKey.split('#')[0] ?? '';
  const decision = {
    outcome: event.outcome,
    by: event.by,
    at: event.at,
    ...(event.comment !== undefined ? { comment: event.comment } : {}),
    ...(event.form !== undefined ? { form: event.form as Record<string, unknown> } : {}),
  };
  return [{ type: 'task.close', taskKey: event.taskKey, nodeId, decision }];
}

/** The audit entry of one step: what happened (event, with who), and where the instance went. */
export function historyFor(options: {
  at: number;
  event: EngineEvent | { type: 'instance.started'; input: unknown; version: number };
  actor?: string | undefined;
  activeNodes: readonly string[];
  commands: readonly RuntimeCommand[];
}): NewHistoryEntry[] {
  const { event, at } = options;
  const { type, ...data } = event;
  const nodeId =
    'taskKey' in event
      ? event.taskKey.split('#')[0]
      : 'jobKey' in event
        ? event.jobKey.split('#')[0]
        : 'timerKey' in event
          ? event.timerKey.split('#')[0]
          : 'childKey' in event
            ? event.childKey.split('#')[0]
            : undefined;
  return [
    {
      at,
      type,
      data: asJson(data, `The ${type} event`),
      ...(nodeId ? { nodeId } : {}),
      ...(options.actor ? { actor: options.actor } : {}),
      step: { activeNodes: [...options.activeNodes], commands: options.commands.map((c) => c.type) },
    },
  ];
}
