import { describe, expect, it } from 'vitest';
import { displayTextProblem, freeTextProblem } from './displayText';

describe('displayTextProblem', () => {
  it('lets ordinary text through, in any script, with the marks that only nudge direction', () => {
    for (const text of ['Laptop request', 'Zugang für Jürgen', 'طلب إجازة', 'שלום\u200f', '😀 Bonus', ''])
      expect(displayTextProblem(text), text).toBeUndefined();
  });

  it('refuses NUL and the other C0 and C1 controls and DEL, saying which and where', () => {
    expect(displayTextProblem('Lap\u0000top')).toBe(
      'Must not contain control characters (U+0000 at character 4)',
    );
    expect(displayTextProblem('a\u001b[31m')).toMatch(/U\+001B at character 2/);
    expect(displayTextProblem('a\u007f')).toMatch(/U\+007F/);
    expect(displayTextProblem('a\u0085b')).toMatch(/U\+0085/);
    expect(displayTextProblem('😀\u0007')).toMatch(/U\+0007 at character 2/);
  });

  it('refuses every bidirectional embedding, override and isolate', () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069])
      expect(displayTextProblem(`Approve ${String.fromCodePoint(code)}evorppA`)).toMatch(
        /^Must not contain a text-direction control \(U\+20[26][0-9A-F] at character 9\): it can make the text display differently/,
      );
  });

  it('takes line breaks and tabs only in multi-line text, and nothing else there', () => {
    expect(displayTextProblem('one\ntwo')).toBe(
      'Must be one line: remove the line break or tab (U+000A at character 4)',
    );
    expect(displayTextProblem('a\tb')).toMatch(/^Must be one line/);
    expect(displayTextProblem('one\r\ntwo\tthree', { multiline: true })).toBeUndefined();
    expect(displayTextProblem('one\n\u202etwo', { multiline: true })).toMatch(/text-direction/);
    expect(displayTextProblem('one\n\u0000', { multiline: true })).toMatch(/control characters/);
  });
});

describe('freeTextProblem', () => {
  it('keeps line breaks, tabs and the text-direction controls right-to-left writing uses', () => {
    for (const text of [
      'Approved.\r\nSee the ticket:\tINC-42',
      'הערה: \u202bמאושר\u202c',
      '\u2067مرحبا\u2069 then English',
      '\u202eevorppA',
      '',
    ])
      expect(freeTextProblem(text), text).toBeUndefined();
  });

  it('refuses NUL, the other C0 and C1 controls and DEL, saying which and where', () => {
    expect(freeTextProblem('ok\u0000')).toBe('Must not contain control characters (U+0000 at character 3)');
    expect(freeTextProblem('line\n\u001b[2J')).toMatch(/U\+001B at character 6/);
    expect(freeTextProblem('a\u007f')).toMatch(/U\+007F/);
    expect(freeTextProblem('a\u009b')).toMatch(/U\+009B/);
    expect(freeTextProblem('\u000b')).toMatch(/U\+000B/);
  });
});
