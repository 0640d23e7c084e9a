import { describe, expect, it } from 'vitest';
import { awayRules, awaySummary, dateInputValue, endOfDay, lastDayOf, startOfDay } from './awayModel';

describe('the away setting’s dates', () => {
  it('reads a date input as the start of that day, and the last day away as through its end', () => {
    const start = startOfDay('2026-12-14')!;
    expect(new Date(start).getHours()).toBe(0);
    expect(dateInputValue(start)).toBe('2026-12-14');
    const end = endOfDay('2026-12-14')!;
    expect(dateInputValue(end)).toBe('2026-12-15');
    expect(lastDayOf(end)).toBe('2026-12-14');
    expect(startOfDay('')).toBeUndefined();
    expect(endOfDay('14/12/2026')).toBeUndefined();
  });

  it('says until when, to whom, and whether it has begun or is over', () => {
    const until = endOfDay('2026-12-14')!;
    const away = { delegateName: 'Olga Berg', until, active: true };
    const now = startOfDay('2026-12-01')!;
    expect(awaySummary(away, now, 'en-GB')).toBe('Away through Mon, 14 Dec 2026: new tasks go to Olga Berg');
    const later = { ...away, active: false, from: startOfDay('2026-12-10')! };
    expect(awaySummary(later, now, 'en-GB')).toBe(
      'Away from Thu, 10 Dec 2026 through Mon, 14 Dec 2026: new tasks will go to Olga Berg',
    );
    expect(awaySummary({ ...away, active: false }, until + 1, 'en-GB')).toMatch(/^Was away through/);
  });
});

describe('the away rules', () => {
  it('say that a step without delegation keeps its task, for oneself and for someone else', () => {
    expect(awayRules()).toContain('keeps its task with you, and its due time and escalation apply');
    expect(awayRules('Maria')).toContain(
      'assigned to Maria personally go to Maria’s delegate while Maria is away',
    );
  });
});
