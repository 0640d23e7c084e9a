import { describe, expect, it } from 'vitest';
import { instant, wholeNumber } from './queryValues';

const messagesOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('wholeNumber', () => {
  const limit = wholeNumber({ min: 1, max: 200, example: 50 });
  const wait = wholeNumber({ min: 0, unit: 'milliseconds', example: 5000 });

  it('takes plain decimal digits within the range', () => {
    expect(limit.parse('1')).toBe(1);
    expect(limit.parse('200')).toBe(200);
    expect(limit.parse('007')).toBe(7);
    expect(wait.parse('0')).toBe(0);
  });

  it('refuses what Number() would have read as some number, saying what a number looks like', () => {
    for (const text of ['0x10', '1e3', '', ' 5', '5 ', '+5', '-1', '5.0', '1_000', 'Infinity', '٣'])
      expect(messagesOf(limit.safeParse(text)), JSON.stringify(text)).toEqual([
        'Expected a whole number, such as 50',
      ]);
    expect(messagesOf(wait.safeParse('0x10'))).toEqual([
      'Expected a whole number of milliseconds, such as 5000',
    ]);
  });

  it('names the range when the number is outside it', () => {
    expect(messagesOf(limit.safeParse('0'))).toEqual(['Must be from 1 to 200']);
    expect(messagesOf(limit.safeParse('201'))).toEqual(['Must be from 1 to 200']);
    expect(messagesOf(wholeNumber({ min: 1, example: 2 }).safeParse('0'))).toEqual(['Must be 1 or more']);
    expect(messagesOf(wait.safeParse('9'.repeat(30)))).toEqual([
      `Must be at most ${Number.MAX_SAFE_INTEGER}`,
    ]);
  });
});

describe('instant', () => {
  const at = instant('Started at or after');

  it('takes epoch milliseconds and ISO 8601 dates and times with their zone', () => {
    expect(at.parse('1793520000000')).toBe(1793520000000);
    expect(at.parse('2026-11-01T08:00:00Z')).toBe(1793520000000);
    expect(at.parse('2026-11-01T09:00:00.000+01:00')).toBe(1793520000000);
    expect(at.parse('2026-11-01T08:00Z')).toBe(1793520000000);
    expect(at.parse('2026-11-01')).toBe(Date.UTC(2026, 10, 1));
  });

  it('refuses anything else, saying which formats it takes', () => {
    for (const text of [
      '',
      '0x10',
      '1e12',
      '-5',
      'yesterday',
      'Nov 1 2026',
      '2026-11-01 08:00',
      '2026-11-01T08:00:00', // no zone: the server's own would be a guess
      '2026-02-30',
      '2026-11-01T25:00Z',
    ])
      expect(messagesOf(at.safeParse(text)), JSON.stringify(text)).toEqual([
        expect.stringMatching(/^Expected a time as ISO 8601 .* or epoch milliseconds/),
      ]);
  });
});
