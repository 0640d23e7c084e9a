import { parseCron, type CronSchedule } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { planCatchUp, type CatchUpPolicy } from './catchUp';

function cron(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const at = (iso: string) => Date.parse(iso);
const hourly = cron('0 * * * *');

function plan(policy: CatchUpPolicy, cursorIso: string, nowIso: string, maxCatchUp = 10, schedule = hourly) {
  const result = planCatchUp({
    schedule,
    timeZone: 'UTC',
    nextDueAt: at(cursorIso),
    now: at(nowIso),
    policy,
    maxCatchUp,
  });
  const show = (ms: number) => new Date(ms).toISOString().slice(11, 19);
  return {
    fires: result.fires.map(show),
    nextDueAt: result.nextDueAt === undefined ? undefined : new Date(result.nextDueAt).toISOString(),
    skipped: result.skipped && [show(result.skipped.from), show(result.skipped.to)],
  };
}

describe('planCatchUp', () => {
  it('fires nothing and keeps the cursor before the next fire is due', () => {
    expect(plan('all', '2026-01-05T13:00:00Z', '2026-01-05T12:59:59Z')).toEqual({
      fires: [],
      nextDueAt: '2026-01-05T13:00:00.000Z',
      skipped: undefined,
    });
  });

  it('fires an on-time fire under every policy and moves the cursor past now', () => {
    for (const policy of ['none', 'latest', 'all'] as const) {
      expect(plan(policy, '2026-01-05T10:00:00Z', '2026-01-05T10:00:40Z')).toEqual({
        fires: ['10:00:00'],
        nextDueAt: '2026-01-05T11:00:00.000Z',
        skipped: undefined,
      });
    }
  });

  describe('after three missed hourly fires (10:00, 11:00, 12:00; now 12:30)', () => {
    it("'none' fires nothing and reports the skipped range", () => {
      expect(plan('none', '2026-01-05T10:00:00Z', '2026-01-05T12:30:00Z')).toEqual({
        fires: [],
        nextDueAt: '2026-01-05T13:00:00.000Z',
        skipped: ['10:00:00', '12:00:00'],
      });
    });

    it("'latest' fires only 12:00", () => {
      expect(plan('latest', '2026-01-05T10:00:00Z', '2026-01-05T12:30:00Z')).toEqual({
        fires: ['12:00:00'],
        nextDueAt: '2026-01-05T13:00:00.000Z',
        skipped: ['10:00:00', '11:00:00'],
      });
    });

    it("'all' fires all three, oldest first", () => {
      expect(plan('all', '2026-01-05T10:00:00Z', '2026-01-05T12:30:00Z')).toEqual({
        fires: ['10:00:00', '11:00:00', '12:00:00'],
        nextDueAt: '2026-01-05T13:00:00.000Z',
        skipped: undefined,
      });
    });

    it("'all' keeps the newest maxCatchUp and drops the older rest", () => {
      expect(plan('all', '2026-01-05T10:00:00Z', '2026-01-05T12:30:00Z', 2)).toEqual({
        fires: ['11:00:00', '12:00:00'],
        nextDueAt: '2026-01-05T13:00:00.000Z',
        skipped: ['10:00:00', '10:00:00'],
      });
    });
  });

  it("'latest' lets an on-time fire stand in for the missed ones", () => {
    expect(plan('latest', '2026-01-05T10:00:00Z', '2026-01-05T12:00:30Z')).toEqual({
      fires: ['12:00:00'],
      nextDueAt: '2026-01-05T13:00:00.000Z',
      skipped: ['10:00:00', '11:00:00'],
    });
  });

  it("'all' fires missed fires before the on-time one", () => {
    expect(plan('all', '2026-01-05T10:00:00Z', '2026-01-05T12:00:30Z').fires).toEqual([
      '10:00:00',
      '11:00:00',
      '12:00:00',
    ]);
  });

  it('stays cheap after a long outage of a dense schedule', () => {
    // A year of per-second fires is ~31 million; walking back touches only the few it keeps.
    const everySecond = cron('* * * * * *');
    const result = plan('all', '2025-01-05T00:00:00Z', '2026-01-05T12:00:00Z', 3, everySecond);
    expect(result.fires.slice(0, 3)).toEqual(['11:58:27', '11:58:28', '11:58:29']);
    expect(result.fires).toHaveLength(3 + 91); // plus every second of the 90 s grace window
    expect(result.skipped).toEqual(['00:00:00', '11:58:26']);
  });

  it('moves a cursor left by an earlier, sparser schedule back to this schedule', () => {
    expect(plan('all', '2027-01-01T00:00:00Z', '2026-01-05T12:30:00Z').nextDueAt).toBe(
      '2026-01-05T13:00:00.000Z',
    );
  });

  it('reports no next fire for a schedule that stops firing', () => {
    expect(plan('all', '2026-01-05T10:00:00Z', '2026-01-05T12:30:00Z', 10, cron('0 0 30 2 *'))).toEqual({
      fires: [],
      nextDueAt: undefined,
      skipped: undefined,
    });
  });

  it('catches up across a spring-forward night in the trigger zone', () => {
    const result = planCatchUp({
      schedule: cron('30 2 * * *'),
      timeZone: 'Europe/Berlin',
      nextDueAt: at('2026-03-28T01:30:00Z'),
      now: at('2026-03-30T12:00:00Z'),
      policy: 'all',
      maxCatchUp: 10,
    });
    expect(result.fires.map((ms) => new Date(ms).toISOString())).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });
});
