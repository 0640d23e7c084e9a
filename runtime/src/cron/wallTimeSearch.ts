import type { CronSchedule } from '@flowline/engine';

// Searches naive wall-clock times (see zonedWallTime.ts) for the nearest one a schedule allows.
// Fields are advanced with carries, so months and days that cannot match are skipped whole.

interface SortedFields {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly months: readonly number[];
}

const sortedCache = new WeakMap<CronSchedule, SortedFields>();

function sortedFields(schedule: CronSchedule): SortedFields {
  let fields = sortedCache.get(schedule);
  if (fields === undefined) {
    const sorted = (values: ReadonlySet<number>) => [...values].sort((a, b) => a - b);
    fields = {
      seconds: sorted(schedule.seconds),
      minutes: sorted(schedule.minutes),
      hours: sorted(schedule.hours),
      months: sorted(schedule.months),
    };
    sortedCache.set(schedule, fields);
  }
  return fields;
}

/** The smallest allowed value ≥ `value`. */
function atLeast(values: readonly number[], value: number): number | undefined {
  return values.find((v) => v >= value);
}

/** The largest allowed value ≤ `value`. */
function atMost(values: readonly number[], value: number): number | undefined {
  return values.findLast((v) => v <= value);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayMatches(schedule: CronSchedule, year: number, month: number, day: number): boolean {
  const dayOfMonth = schedule.daysOfMonth.has(day);
  const dayOfWeek = schedule.daysOfWeek.has(new Date(Date.UTC(year, month - 1, day)).getUTCDay());
  // An unrestricted field allows every value, so AND reduces to the restricted one.
  return schedule.dayOr ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
}

/** Year, month (1-12), day, hour, minute, second of a naive wall time. */
type WallFields = [number, number, number, number, number, number];

function split(wall: number): WallFields {
  const d = new Date(wall);
  return [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
}

function join([year, month, day, hour, minute, second]: WallFields): number {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The earliest allowed wall time ≥ `from`, or undefined past the end of `lastYear`. */
export function nextMatchingWall(schedule: CronSchedule, from: number, lastYear: number): number | undefined {
  const sorted = sortedFields(schedule);
  let [year, month, day, hour, minute, second] = split(from);
  // Each failed field moves the one above it on and resets those below to their minimum.
  while (year <= lastYear) {
    const m = atLeast(sorted.months, month);
    if (m === undefined) {
      [year, month, day, hour, minute, second] = [year + 1, 1, 1, 0, 0, 0];
      continue;
    }
    if (m !== month) [month, day, hour, minute, second] = [m, 1, 0, 0, 0];
    const lastDay = daysInMonth(year, month);
    let d = day;
    while (d <= lastDay && !dayMatches(schedule, year, month, d)) d += 1;
    if (d > lastDay) {
      [month, day, hour, minute, second] = [month + 1, 1, 0, 0, 0];
      continue;
    }
    if (d !== day) [day, hour, minute, second] = [d, 0, 0, 0];
    const h = atLeast(sorted.hours, hour);
    if (h === undefined) {
      [day, hour, minute, second] = [day + 1, 0, 0, 0];
      continue;
    }
    if (h !== hour) [hour, minute, second] = [h, 0, 0];
    const mi = atLeast(sorted.minutes, minute);
    if (mi === undefined) {
      [hour, minute, second] = [hour + 1, 0, 0];
      continue;
    }
    if (mi !== minute) [minute, second] = [mi, 0];
    const s = atLeast(sorted.seconds, second);
    if (s === undefined) {
      [minute, second] = [minute + 1, 0];
      continue;
    }
    return join([year, month, day, hour, minute, s]);
  }
  return undefined;
}

/** The latest allowed wall time ≤ `from`, or undefined before the start of `firstYear`. */
export function previousMatchingWall(
  schedule: CronSchedule,
  from: number,
  firstYear: number,
): number | undefined {
  const sorted = sortedFields(schedule);
  let [year, month, day, hour, minute, second] = split(from);
  // The mirror image: fields below a moved one go to their maximum (day 31 is clamped below).
  while (year >= firstYear) {
    const m = atMost(sorted.months, month);
    if (m === undefined) {
      [year, month, day, hour, minute, second] = [year - 1, 12, 31, 23, 59, 59];
      continue;
    }
    if (m !== month) [month, day, hour, minute, second] = [m, 31, 23, 59, 59];
    day = Math.min(day, daysInMonth(year, month));
    let d = day;
    while (d >= 1 && !dayMatches(schedule, year, month, d)) d -= 1;
    if (d < 1) {
      [month, day, hour, minute, second] = [month - 1, 31, 23, 59, 59];
      continue;
    }
    if (d !== day) [day, hour, minute, second] = [d, 23, 59, 59];
    const h = atMost(sorted.hours, hour);
    if (h === undefined) {
      [day, hour, minute, second] = [day - 1, 23, 59, 59];
      continue;
    }
    if (h !== hour) [hour, minute, second] = [h, 59, 59];
    const mi = atMost(sorted.minutes, minute);
    if (mi === undefined) {
      [hour, minute, second] = [hour - 1, 59, 59];
      continue;
    }
    if (mi !== minute) [minute, second] = [mi, 59];
    const s = atMost(sorted.seconds, second);
    if (s === undefined) {
      [minute, second] = [minute - 1, 59];
      continue;
    }
    return join([year, month, day, hour, minute, s]);
  }
  return undefined;
}
