import { parseCron, type CronSchedule } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { fireTimesBetween } from './fireTimes';

// An independent, deliberately naive oracle: walk real time minute by minute, read the wall clock
// with Intl, and apply the stated rules directly — a wall time fires the first time the clock shows
// it; wall times the clock jumps over fire once, at the first minute after the jump.

const MINUTE_MS = 60_000;

function cron(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallMinuteAt(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'));
}

function matches(schedule: CronSchedule, wall: number): boolean {
  const d = new Date(wall);
  const dom = schedule.daysOfMonth.has(d.getUTCDate());
  const dow = schedule.daysOfWeek.has(d.getUTCDay());
  return (
    schedule.minutes.has(d.getUTCMinutes()) &&
    schedule.hours.has(d.getUTCHours()) &&
    schedule.months.has(d.getUTCMonth() + 1) &&
    (schedule.dayOr ? dom || dow : dom && dow)
  );
}

function oracle(schedule: CronSchedule, fromMs: number, toMs: number, timeZone: string): number[] {
  const fires: number[] = [];
  const seen = new Set<number>();
  let previousWall = wallMinuteAt(fromMs, timeZone);
  seen.add(previousWall);
  for (let t = fromMs + MINUTE_MS; t <= toMs; t += MINUTE_MS) {
    const wall = wallMinuteAt(t, timeZone);
    let due = false;
    for (let skipped = previousWall + MINUTE_MS; skipped < wall; skipped += MINUTE_MS) {
      if (matches(schedule, skipped)) due = true;
    }
    if (!seen.has(wall) && matches(schedule, wall)) due = true;
    if (due) fires.push(t);
    seen.add(wall);
    previousWall = wall;
  }
  return fires;
}

const windows: [zone: string, from: string][] = [
  ['Europe/Berlin', '2026-03-28T12:00:00Z'],
  ['Europe/Berlin', '2026-10-24T12:00:00Z'],
  ['America/New_York', '2026-03-07T12:00:00Z'],
  ['America/New_York', '2026-10-31T12:00:00Z'],
  ['Australia/Lord_Howe', '2026-04-04T00:00:00Z'], // back 30 minutes
  ['Australia/Lord_Howe', '2026-10-03T00:00:00Z'], // forward 30 minutes
];

const schedules = [
  '*/15 * * * *',
  '30 2 * * *',
  '0,30 1-3 * * *',
  '*/7 1-2 * * 0',
  '59 1 * * *',
  '0 3 * * *',
  '*/10 * * * *',
];

describe('fire times agree with a minute-by-minute oracle across DST changes', () => {
  for (const [zone, from] of windows) {
    it(`${zone} from ${from}`, () => {
      const fromMs = Date.parse(from);
      const toMs = fromMs + 2 * 86_400_000;
      for (const expression of schedules) {
        const schedule = cron(expression);
        const expected = oracle(schedule, fromMs, toMs, zone).map((ms) => new Date(ms).toISOString());
        const actual = fireTimesBetween(schedule, fromMs, toMs, zone, 10_000).map((ms) =>
          new Date(ms).toISOString(),
        );
        expect({ expression, fires: actual }).toEqual({ expression, fires: expected });
      }
    });
  }
});
