import type { CronSchedule } from '@flowline/engine';
import { nextMatchingWall, previousMatchingWall } from './wallTimeSearch';
import { fireInstantOf, resolveWallTime, searchWallTimeAt } from './zonedWallTime';

// Fire times are computed on the zone's wall clock, then mapped to instants (zonedWallTime.ts):
// - a wall time skipped when clocks go forward fires once, at the instant the gap ends;
// - a wall time that occurs twice when clocks go back fires once, at its first occurrence. So an
//   "every 15 minutes" schedule is silent during the repeated hour's second pass.

/** How far a search looks before deciding a schedule never fires (e.g. 30 February). */
export const SEARCH_YEARS = 5;

const SECOND_MS = 1000;

function yearOfWall(wall: number): number {
  return new Date(wall).getUTCFullYear();
}

/** The first fire strictly after `afterMs`, or undefined when none comes within SEARCH_YEARS. */
export function nextFireAfter(schedule: CronSchedule, afterMs: number, timeZone: string): number | undefined {
  let from = searchWallTimeAt(afterMs, timeZone) + SECOND_MS;
  const lastYear = yearOfWall(from) + SEARCH_YEARS;
  for (;;) {
    const wall = nextMatchingWall(schedule, from, lastYear);
    if (wall === undefined) return undefined;
    const instant = fireInstantOf(resolveWallTime(wall, timeZone));
    // searchWallTimeAt makes this hold at once; the loop only guards against odd zone histories.
    if (instant > afterMs) return instant;
    from = wall + SECOND_MS;
  }
}

/** The last fire at or before `atMs`, or undefined when none came within SEARCH_YEARS. */
export function lastFireAtOrBefore(
  schedule: CronSchedule,
  atMs: number,
  timeZone: string,
): number | undefined {
  let from = searchWallTimeAt(atMs, timeZone);
  const firstYear = yearOfWall(from) - SEARCH_YEARS;
  for (;;) {
    const wall = previousMatchingWall(schedule, from, firstYear);
    if (wall === undefined) return undefined;
    const instant = fireInstantOf(resolveWallTime(wall, timeZone));
    if (instant <= atMs) return instant;
    from = wall - SECOND_MS;
  }
}

/** Fires in (fromMs, toMs], oldest first, at most `limit` of them. */
export function fireTimesBetween(
  schedule: CronSchedule,
  fromMs: number,
  toMs: number,
  timeZone: string,
  limit: number,
): number[] {
  const fires: number[] = [];
  let after = fromMs;
  while (fires.length < limit) {
    const next = nextFireAfter(schedule, after, timeZone);
    if (next === undefined || next > toMs) break;
    fires.push(next);
    after = next;
  }
  return fires;
}
