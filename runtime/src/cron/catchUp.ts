import type { CronSchedule } from '@flowline/engine';
import { fireTimesBetween, lastFireAtOrBefore, nextFireAfter } from './fireTimes';

export type CatchUpPolicy = 'none' | 'latest' | 'all';

/**
 * More than one tick interval (ticks come every minute), so a tick that runs a little early or
 * late never turns an on-time fire into a missed one.
 */
export const DEFAULT_GRACE_MS = 90_000;

export interface CatchUpRequest {
  readonly schedule: CronSchedule;
  readonly timeZone: string;
  /** The stored cursor: no fire before it is still to be handled. */
  readonly nextDueAt: number;
  readonly now: number;
  readonly policy: CatchUpPolicy;
  readonly maxCatchUp: number;
  readonly graceMs?: number;
}

export interface CatchUpPlan {
  /** scheduledAt of each fire to start now, oldest first. */
  readonly fires: readonly number[];
  /** The new cursor; undefined when the schedule fires no more (within the search horizon). */
  readonly nextDueAt: number | undefined;
  /** The oldest and newest missed fire dropped by the policy, for the log. */
  readonly skipped?: { readonly from: number; readonly to: number };
}

/**
 * Decides which fires to start at `now`. Fires due within the grace window are on time and always
 * start. Older ("missed") ones, e.g. from downtime, follow the policy:
 * - 'none' drops them;
 * - 'latest' starts the newest one, unless an on-time fire already brings the workflow up to date;
 * - 'all' starts them oldest first, but at most `maxCatchUp`: the newest ones are kept and the
 *   older rest is dropped (and reported), so a long outage cannot cause a burst of stale work.
 * Everything due by `now` counts as handled: the new cursor is the first fire after `now`.
 */
export function planCatchUp(request: CatchUpRequest): CatchUpPlan {
  const { schedule, timeZone, nextDueAt, now } = request;
  const next = nextFireAfter(schedule, now, timeZone);
  if (nextDueAt > now) {
    // A cursor beyond the next fire was written for another schedule (or before the clock moved
    // back): move it to this schedule's next fire instead of waiting for it.
    return { fires: [], nextDueAt: next !== undefined && next < nextDueAt ? next : nextDueAt };
  }

  const graceMs = request.graceMs ?? DEFAULT_GRACE_MS;
  const onTimeFrom = Math.max(nextDueAt, now - graceMs);
  // Fires are whole seconds apart, so this bounds the on-time window's count.
  const onTimeLimit = Math.ceil((now - onTimeFrom) / 1000) + 1;
  const onTime = fireTimesBetween(schedule, onTimeFrom - 1, now, timeZone, onTimeLimit);

  const keep = missedToKeep(request.policy, request.maxCatchUp, onTime.length);
  const missed = newestMissed(request, onTimeFrom, keep);
  const olderThanKept = (missed[0] ?? onTimeFrom) - 1;
  const newestSkipped = lastFireAtOrBefore(schedule, olderThanKept, timeZone);
  const skipped =
    newestSkipped !== undefined && newestSkipped >= nextDueAt
      ? { from: nextFireAfter(schedule, nextDueAt - 1, timeZone) ?? newestSkipped, to: newestSkipped }
      : undefined;

  return { fires: [...missed, ...onTime], nextDueAt: next, ...(skipped && { skipped }) };
}

function missedToKeep(policy: CatchUpPolicy, maxCatchUp: number, onTimeCount: number): number {
  switch (policy) {
    case 'none':
      return 0;
    case 'latest':
      return onTimeCount > 0 ? 0 : 1;
    case 'all':
      return Math.max(0, maxCatchUp);
  }
}

/** Up to `count` of the newest fires in [nextDueAt, before), oldest first; found walking back. */
function newestMissed(request: CatchUpRequest, before: number, count: number): number[] {
  const { schedule, timeZone, nextDueAt } = request;
  const found: number[] = [];
  let bound = before - 1;
  while (found.length < count) {
    const fire = lastFireAtOrBefore(schedule, bound, timeZone);
    if (fire === undefined || fire < nextDueAt) break;
    found.push(fire);
    bound = fire - 1;
  }
  return found.reverse();
}
