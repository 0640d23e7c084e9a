import { parseCron, type CronSchedule } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { fireTimesBetween, lastFireAtOrBefore, nextFireAfter } from './fireTimes';

// The rules under test (fireTimes.ts): a wall time skipped by a spring-forward gap fires once, at
// the instant the gap ends; a wall time repeated by a fall-back overlap fires once, at its first
// occurrence.

function cron(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const at = (iso: string) => Date.parse(iso);

function fires(expression: string, fromIso: string, toIso: string, timeZone: string): string[] {
  return fireTimesBetween(cron(expression), at(fromIso), at(toIso), timeZone, 200).map((ms) =>
    new Date(ms).toISOString(),
  );
}

describe('Europe/Berlin', () => {
  const zone = 'Europe/Berlin';

  it('fires a daily 02:30 at 03:00 CEST on the spring-forward night (2026-03-29), once', () => {
    // 02:00 CET becomes 03:00 CEST at 01:00 UTC, so 02:30 does not exist that night.
    expect(fires('30 2 * * *', '2026-03-27T12:00:00Z', '2026-03-30T12:00:00Z', zone)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // the gap ends: 03:00 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('fires a daily 02:30 once on the fall-back night (2026-10-25), at the first 02:30', () => {
    // 03:00 CEST becomes 02:00 CET at 01:00 UTC, so 02:30 happens at 00:30 and at 01:30 UTC.
    expect(fires('30 2 * * *', '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z', zone)).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; 02:30 CET an hour later does not fire
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('does not fire the repeated wall time when asked from inside the second pass', () => {
    const daily = cron('30 2 * * *');
    // 01:10 UTC is 02:10 CET, the second pass: the day's 02:30 already fired at 00:30 UTC.
    expect(new Date(nextFireAfter(daily, at('2026-10-25T01:10:00Z'), zone)!).toISOString()).toBe(
      '2026-10-26T01:30:00.000Z',
    );
    expect(new Date(lastFireAtOrBefore(daily, at('2026-10-25T01:40:00Z'), zone)!).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('runs "every 15 minutes" through the repeated hour without firing a wall time twice', () => {
    // 02:00-02:45 fire in their first pass (CEST, 00:00-00:45 UTC). In the second pass (CET,
    // 01:00-01:45 UTC) the same wall times recur and stay silent; 03:00 CET is 02:00 UTC. The
    // price of "once per wall time" is a 75-minute pause in real time.
    expect(fires('*/15 * * * *', '2026-10-24T23:00:00Z', '2026-10-25T02:30:00Z', zone)).toEqual([
      '2026-10-24T23:15:00.000Z', // 01:15 CEST
      '2026-10-24T23:30:00.000Z',
      '2026-10-24T23:45:00.000Z',
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T00:15:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T00:45:00.000Z', // 02:45 CEST, then the clocks go back
      '2026-10-25T02:00:00.000Z', // 03:00 CET
      '2026-10-25T02:15:00.000Z',
      '2026-10-25T02:30:00.000Z',
    ]);
  });

  it('runs "every 15 minutes" through the spring-forward gap with one fire for the lost hour', () => {
    // 02:00-02:45 do not exist; they all collapse into 01:00 UTC, which is also 03:00 CEST.
    expect(fires('*/15 * * * *', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', zone)).toEqual([
      '2026-03-29T00:45:00.000Z', // 01:45 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, standing in for 02:00-02:45 as well
      '2026-03-29T01:15:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
  });
});

describe('America/New_York', () => {
  const zone = 'America/New_York';

  it('fires a daily 02:30 at 03:00 EDT on the spring-forward night (2026-03-08)', () => {
    // 02:00 EST becomes 03:00 EDT at 07:00 UTC.
    expect(fires('30 2 * * *', '2026-03-07T00:00:00Z', '2026-03-09T12:00:00Z', zone)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // the gap ends: 03:00 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('fires a daily 01:30 once on the fall-back night (2026-11-01), at the first 01:30', () => {
    // 02:00 EDT becomes 01:00 EST at 06:00 UTC, so 01:30 happens at 05:30 and at 06:30 UTC.
    expect(fires('30 1 * * *', '2026-10-31T00:00:00Z', '2026-11-02T12:00:00Z', zone)).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // the first 01:30 (EDT); 06:30 UTC does not fire
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it('fires 02:30, which exists once on the fall-back night, as usual', () => {
    expect(fires('30 2 * * *', '2026-11-01T00:00:00Z', '2026-11-01T12:00:00Z', zone)).toEqual([
      '2026-11-01T07:30:00.000Z', // 02:30 EST
    ]);
  });

  it('runs "every 15 minutes" through the repeated 01:00 hour once', () => {
    expect(fires('*/15 * * * *', '2026-11-01T05:30:00Z', '2026-11-01T07:15:00Z', zone)).toEqual([
      '2026-11-01T05:45:00.000Z', // 01:45 EDT, then the clocks go back
      '2026-11-01T07:00:00.000Z', // 02:00 EST; 01:00-01:45 EST (06:00-06:45 UTC) stay silent
      '2026-11-01T07:15:00.000Z',
    ]);
  });
});

describe('other zones', () => {
  it('handles half-hour shifts (Australia/Lord_Howe, 02:00 → 02:30 on 2026-10-04)', () => {
    // 02:15 does not exist; the gap ends at 02:30 +11:00, which is 15:30 UTC the day before.
    expect(
      new Date(
        nextFireAfter(cron('15 2 * * *'), at('2026-10-03T12:00:00Z'), 'Australia/Lord_Howe')!,
      ).toISOString(),
    ).toBe('2026-10-03T15:30:00.000Z');
  });

  it('computes fires in a zone without daylight saving by its fixed offset', () => {
    expect(fires('0 9 * * *', '2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z', 'Asia/Kolkata')).toEqual([
      '2026-03-01T03:30:00.000Z',
      '2026-03-02T03:30:00.000Z',
    ]);
  });
});
