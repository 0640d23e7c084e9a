import type { Instance } from '../store';
import { storedState } from './storedState';

/**
 * How a start that waits (`POST /api/instances?wait=`) found the instance: it ended; it waits on
 * something outside the runtime (a person, a time, an event, an operator's retry of an incident);
 * or the wait ran out while it was still working (a connector call in flight or due again, a
 * child workflow running, commands not yet dispatched).
 */
export type SettleState = 'ended' | 'waiting' | 'working';

/** Reads the committed instance only; pure. */
export function settleStateOf(instance: Instance): SettleState {
  if (instance.status !== 'running') return 'ended';
  if (instance.outbox.length > 0) return 'working';
  const context = storedState(instance).context;
  if (Object.keys(context.children).length > 0) return 'working';
  // A job that stopped with an incident waits for an operator; any other one is the runtime's work.
  if (Object.values(context.jobs).some((job) => job.incident !== true)) return 'working';
  return 'waiting';
}
