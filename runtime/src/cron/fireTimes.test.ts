import { parseCron, type CronSchedule } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { fireTimesBetween, lastFireAtOrBefore, nextFireAfter } from './fireTimes';

function cron(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function fires(expression: string, fromIso: string, toIso: string, timeZone = 'UTC', limit = 100): string[] {
  return fireTimesBetween(cron(expression), at(fromIso), at(toIso), timeZone, limit).map((ms) => iso(ms)!);
}

describe('plain schedules', () => {
  it('fires at the next minute boundary, strictly after the given instant', () => {
    expect(iso(nextFireAfter(cron('* * * * *'), at('2026-01-05T09:00:00Z'), 'UTC'))).toBe(
      '2026-01-05T09:01:00.000Z',
    );
    expect(iso(nextFireAfter(cron('* * * * *'), at('2026-01-05T09:00:00.001Z'), 'UTC'))).toBe(
      '2026-01-05T09:01:00.000Z',
    );
    expect(iso(nextFireAfter(cron('* * * * *'), at('2026-01-05T08:59:59.999Z'), 'UTC'))).toBe(
      '2026-01-05T09:00:00.000Z',
    );
  });

  it('carries over day, month and year boundaries', () => {
    expect(iso(nextFireAfter(cron('0 0 * * *'), at('2026-12-31T23:59:30Z'), 'UTC'))).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(iso(nextFireAfter(cron('30 8 1 * *'), at('2026-01-31T12:00:00Z'), 'UTC'))).toBe(
      '2026-02-01T08:30:00.000Z',
    );
  });

  it('honours steps, ranges and lists', () => {
    expect(fires('*/20 9-10 * * *', '2026-01-05T08:00:00Z', '2026-01-05T12:00:00Z')).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T09:20:00.000Z',
      '2026-01-05T09:40:00.000Z',
      '2026-01-05T10:00:00.000Z',
      '2026-01-05T10:20:00.000Z',
      '2026-01-05T10:40:00.000Z',
    ]);
    expect(fires('15,45 8 * * 1-5', '2026-01-09T00:00:00Z', '2026-01-13T00:00:00Z')).toEqual([
      '2026-01-09T08:15:00.000Z', // Friday
      '2026-01-09T08:45:00.000Z',
      '2026-01-12T08:15:00.000Z', // Monday; the weekend is skipped
      '2026-01-12T08:45:00.000Z',
    ]);
    expect(fires('0 0 1 JAN,JUL *', '2026-01-01T00:00:00Z', '2027-12-31T00:00:00Z')).toEqual([
      '2026-07-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '2027-07-01T00:00:00.000Z',
    ]);
  });

  it('supports a seconds field', () => {
    expect(fires('*/20 * * * * *', '2026-01-05T09:00:00Z', '2026-01-05T09:01:00Z')).toEqual([
      '2026-01-05T09:00:20.000Z',
      '2026-01-05T09:00:40.000Z',
      '2026-01-05T09:01:00.000Z',
    ]);
  });

  it('stops at the limit', () => {
    expect(fires('* * * * *', '2026-01-05T09:00:00Z', '2026-01-06T09:00:00Z', 'UTC', 2)).toHaveLength(2);
  });
});

describe('day of month and day of week', () => {
  it('fires when either day field matches, if both are restricted', () => {
    // April 2026: Fridays are the 3rd, 10th, 17th and 24th; the 13th is a Monday.
    expect(fires('0 12 13 * 5', '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([
      '2026-04-03T12:00:00.000Z',
      '2026-04-10T12:00:00.000Z',
      '2026-04-13T12:00:00.000Z',
      '2026-04-17T12:00:00.000Z',
      '2026-04-24T12:00:00.000Z',
    ]);
  });

  it('uses only the restricted field when the other is a star', () => {
    expect(fires('0 12 * * 1', '2026-04-01T00:00:00Z', '2026-04-15T00:00:00Z')).toEqual([
      '2026-04-06T12:00:00.000Z',
      '2026-04-13T12:00:00.000Z',
    ]);
    expect(fires('0 12 13 * *', '2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual([
      '2026-04-13T12:00:00.000Z',
      '2026-05-13T12:00:00.000Z',
    ]);
  });

  it('accepts 7 as Sunday', () => {
    expect(iso(nextFireAfter(cron('0 9 * * 7'), at('2026-01-05T00:00:00Z'), 'UTC'))).toBe(
      '2026-01-11T09:00:00.000Z',
    );
  });
});

describe('month ends and leap years', () => {
  it('skips months without a 31st', () => {
    expect(fires('0 0 31 * *', '2026-01-31T00:00:00Z', '2026-09-01T00:00:00Z')).toEqual([
      '2026-03-31T00:00:00.000Z',
      '2026-05-31T00:00:00.000Z',
      '2026-07-31T00:00:00.000Z',
      '2026-08-31T00:00:00.000Z',
    ]);
  });

  it('fires on 29 February only in leap years, forwards and backwards', () => {
    const leapDay = cron('0 6 29 2 *');
    expect(iso(nextFireAfter(leapDay, at('2026-01-01T00:00:00Z'), 'UTC'))).toBe('2028-02-29T06:00:00.000Z');
    expect(iso(lastFireAtOrBefore(leapDay, at('2026-01-01T00:00:00Z'), 'UTC'))).toBe(
      '2024-02-29T06:00:00.000Z',
    );
  });

  it('returns undefined for a schedule that never fires', () => {
    expect(nextFireAfter(cron('0 0 30 2 *'), at('2026-01-01T00:00:00Z'), 'UTC')).toBeUndefined();
    expect(lastFireAtOrBefore(cron('0 0 31 4 *'), at('2026-01-01T00:00:00Z'), 'UTC')).toBeUndefined();
  });
});

describe('looking back', () => {
  it('finds the last fire at or before an instant', () => {
    const hourly = cron('0 * * * *');
    expect(iso(lastFireAtOrBefore(hourly, at('2026-01-05T12:00:00Z'), 'UTC'))).toBe(
      '2026-01-05T12:00:00.000Z',
    );
    expect(iso(lastFireAtOrBefore(hourly, at('2026-01-05T11:59:59.999Z'), 'UTC'))).toBe(
      '2026-01-05T11:00:00.000Z',
    );
    expect(iso(lastFireAtOrBefore(cron('0 9 * * 1'), at('2026-01-01T00:00:00Z'), 'UTC'))).toBe(
      '2025-12-29T09:00:00.000Z',
    );
  });
});
