import type { StepResult } from '@flowline/engine';
import type { RunLimits } from './runLimits';
import { rememberStateText } from '../store/stateText';

/** Which limit a step would have gone past, and a sentence naming it for the instance's error. */
export interface LimitBreach {
  readonly limit: keyof RunLimits;
  readonly message: string;
  readonly nodeId?: string;
}

/** The error code of every refusal by a limit (the message names which one). */
export const LIMIT_EXCEEDED = 'LIMIT_EXCEEDED';

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Serialized sizes the size check measured, by state, so the instance cache need not measure again. */
const measured = new WeakMap<object, number>();

/** The serialized bytes of a state: as the size check measured them, else measured now. */
export function stateBytesOf(state: unknown): number {
  const known = typeof state === 'object' && state !== null ? measured.get(state) : undefined;
  return known ?? Buffer.byteLength(JSON.stringify(state ?? null));
}

/**
 * Checks what one step would store against the limits, before it is committed. Cheap checks
 * first; the size check serializes the state once. Undefined when the step keeps every limit.
 */
export function checkStep(
  limits: RunLimits,
  step: {
    readonly result: StepResult;
    /** The rev the step would write: also the number of history entries after it. */
    readonly rev: number;
    /** Every command of the step (effects and outbox alike). */
    readonly commands: number;
    /** Commands the outbox would hold after the step. */
    readonly outbox: number;
    /** Children the instance has asked for, this step's included. */
    readonly children: number;
    /** The input as stored beside the state (the state holds a copy of it too). */
    readonly input: unknown;
  },
): LimitBreach | undefined {
  if (step.commands > limits.commandsPerStep)
    return {
      limit: 'commandsPerStep',
      message: `One step asked for ${step.commands} jobs, tasks, timers or children; at most ${limits.commandsPerStep} are allowed (limits.commandsPerStep)`,
    };
  if (step.children > limits.childrenPerInstance)
    return {
      limit: 'childrenPerInstance',
      message: `The instance asked for ${step.children} subworkflows; at most ${limits.childrenPerInstance} are allowed (limits.childrenPerInstance)`,
    };
  if (step.rev > limits.historyEntriesPerInstance)
    return {
      limit: 'historyEntriesPerInstance',
      message: `The instance reached ${limits.historyEntriesPerInstance} history entries, the most allowed (limits.historyEntriesPerInstance)`,
    };
  for (const [nodeId, visits] of Object.entries(step.result.state.context.visits)) {
    if (visits > limits.nodeVisitsPerInstance)
      return {
        limit: 'nodeVisitsPerInstance',
        nodeId,
        message: `The instance entered "${nodeId}" ${visits} times; at most ${limits.nodeVisitsPerInstance} are allowed (limits.nodeVisitsPerInstance)`,
      };
  }
  for (const [nodeId, each] of Object.entries(step.result.state.context.forEach ?? {})) {
    if (each.items.length > limits.forEachItems)
      return {
        limit: 'forEachItems',
        nodeId,
        message: `"${nodeId}" would run over ${each.items.length} items; at most ${limits.forEachItems} are allowed (limits.forEachItems)`,
      };
  }
  if (step.outbox > limits.outboxPerInstance)
    return {
      limit: 'outboxPerInstance',
      message: `${step.outbox} commands would wait in the instance's outbox; at most ${limits.outboxPerInstance} are allowed (limits.outboxPerInstance)`,
    };
  // The stored document is the state plus the input beside it; the state holds the input too, so
  // a state within half the limit needs no second measure.
  const stateJson = JSON.stringify(step.result.state);
  const stateBytes = Buffer.byteLength(stateJson);
  measured.set(step.result.state, stateBytes);
  rememberStateText(step.result.state, stateJson);
  const bytes =
    stateBytes * 2 <= limits.instanceBytes
      ? stateBytes
      : stateBytes + Buffer.byteLength(JSON.stringify(step.input ?? null));
  if (bytes > limits.instanceBytes)
    return {
      limit: 'instanceBytes',
      message: `The instance would take ${mb(bytes)} stored; at most ${mb(limits.instanceBytes)} are allowed (limits.instanceBytes)`,
    };
  return undefined;
}

/**
 * A history entry's data within limits.historyEntryBytes: larger data (a big event payload or
 * job result; what the definition keeps of it is in the state) is recorded as its size, so the
 * audit trail grows with the number of steps, not with what senders put in them.
 */
export function boundHistoryData<T extends { data: unknown }>(limits: RunLimits, entry: T): T {
  const bytes = Buffer.byteLength(JSON.stringify(entry.data ?? null));
  if (bytes <= limits.historyEntryBytes) return entry;
  return {
    ...entry,
    data: {
      omitted: `${bytes} bytes, more than limits.historyEntryBytes (${limits.historyEntryBytes})`,
      bytes,
    },
  };
}
