import type { Command } from './commands';
import type { MachineContext } from './context';
import type { MachineEvent, StepFailedEvent } from './events';
import type { CompileModel } from './model';

/**
 * What one action decides: a context patch, the commands to emit, and optionally a failure to
 * raise. Behaviours are plain functions of (context, event); XState only carries them out.
 */
export interface Effects {
  readonly patch?: Partial<MachineContext>;
  readonly commands?: readonly Command[];
  readonly raise?: StepFailedEvent;
}

export interface NodeParams {
  readonly nodeId: string;
  readonly handle?: string;
  readonly purpose?: string;
}

export type Behaviour = (
  model: CompileModel,
  context: MachineContext,
  event: MachineEvent,
  params: NodeParams,
) => Effects;
export type Check = (
  model: CompileModel,
  context: MachineContext,
  event: MachineEvent,
  params: NodeParams,
) => boolean;

/** The time of an event; the start event carries it in its input. */
export function timeOf(event: unknown, context: MachineContext): number {
  if (typeof event === 'object' && event !== null) {
    const at = (event as { at?: unknown }).at;
    if (typeof at === 'number') return at;
    const input = (event as { input?: { at?: unknown } }).input;
    if (typeof input?.at === 'number') return input.at;
  }
  return context.now;
}

/** Context as of this event: `now` moved forward to the event's time. */
export function atEvent(context: MachineContext, event: unknown): MachineContext {
  const now = timeOf(event, context);
  return now === context.now ? context : { ...context, now };
}

export const failStep = (nodeId: string, code: string, message: string, at: number): StepFailedEvent => ({
  type: 'step.failed',
  nodeId,
  code,
  message,
  at,
});

/** Increments and returns the visit counter of a node (keys of jobs, tasks and timers use it). */
export function nextVisit(
  context: MachineContext,
  nodeId: string,
): { visit: number; visits: Record<string, number> } {
  const visit = (context.visits[nodeId] ?? 0) + 1;
  return { visit, visits: { ...context.visits, [nodeId]: visit } };
}

export const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};
