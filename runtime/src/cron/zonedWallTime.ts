// Wall-clock times are "naive" epoch milliseconds: the UTC instant whose UTC fields equal the local
// fields. Field arithmetic then stays in Date.UTC, and only this file asks Intl about the zone.

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Throws RangeError for an unknown zone; definitions are validated with isValidTimeZone first.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function floorToSecond(ms: number): number {
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

/** The wall-clock reading of an instant in the zone, as naive ms in whole seconds. */
export function wallTimeAt(instant: number, timeZone: string): number {
  const fields = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
}

function offsetAt(instant: number, timeZone: string): number {
  const second = floorToSecond(instant);
  return wallTimeAt(second, timeZone) - second;
}

/** The first whole second in (from, to] whose offset is the one `to` has; `from`'s offset differs. */
function findTransition(from: number, to: number, timeZone: string): number {
  const target = offsetAt(to, timeZone);
  let low = floorToSecond(from);
  let high = floorToSecond(to);
  while (high - low > SECOND_MS) {
    const middle = floorToSecond(low + (high - low) / 2);
    if (offsetAt(middle, timeZone) === target) high = middle;
    else low = middle;
  }
  return high;
}

/** How a wall-clock time maps onto instants: once, twice (clocks turned back) or never (forward). */
export type WallTimeResolution =
  | { readonly kind: 'unique'; readonly instant: number }
  | {
      readonly kind: 'overlap';
      readonly earlier: number;
      readonly later: number;
      readonly transition: number;
    }
  | { readonly kind: 'gap'; readonly transition: number };

export function resolveWallTime(wall: number, timeZone: string): WallTimeResolution {
  // As Temporal does: the offsets a day either side bracket every candidate instant.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([wall - before, wall - after])]
    .filter((instant) => wallTimeAt(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  const [earlier, later] = candidates;
  if (earlier === undefined) {
    if (before === after) return { kind: 'unique', instant: wall - before };
    const [from, to] = [wall - after, wall - before].sort((a, b) => a - b) as [number, number];
    return { kind: 'gap', transition: findTransition(from, to, timeZone) };
  }
  if (later === undefined) return { kind: 'unique', instant: earlier };
  return { kind: 'overlap', earlier, later, transition: findTransition(earlier, later, timeZone) };
}

/**
 * The instant a scheduled wall time fires. A time skipped when clocks go forward fires at the
 * moment the gap ends (e.g. 02:30 on a 02:00→03:00 night fires at 03:00), so every skipped time
 * collapses into that one instant; a time that occurs twice fires at its first occurrence only.
 */
export function fireInstantOf(resolution: WallTimeResolution): number {
  switch (resolution.kind) {
    case 'unique':
      return resolution.instant;
    case 'overlap':
      return resolution.earlier;
    case 'gap':
      return resolution.transition;
  }
}

/**
 * The wall time to search from for an instant. In the second pass of a repeated hour every wall
 * time of that hour has already had its (only) fire, so the search starts where the first pass
 * ended — the last wall second before the clocks were turned back.
 */
export function searchWallTimeAt(instant: number, timeZone: string): number {
  const second = floorToSecond(instant);
  const wall = wallTimeAt(second, timeZone);
  const resolution = resolveWallTime(wall, timeZone);
  if (resolution.kind === 'overlap' && second === resolution.later) {
    return wallTimeAt(resolution.transition - SECOND_MS, timeZone);
  }
  return wall;
}
