import { describe, expect, it } from 'vitest';
import { formatTime } from './formatTime';

const AT = Date.UTC(2026, 10, 29, 17, 41, 12);
// The designer's source files as text (vite reads them; tests and this helper left out).
const SOURCES = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!./formatTime.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('showing a time', () => {
  it('says the date the same way whether or not the seconds are shown', () => {
    const us = { locale: 'en-US', timeZone: 'UTC' };
    expect(formatTime(AT, us)).toBe('Nov 29, 2026, 5:41 PM');
    expect(formatTime(AT, { ...us, seconds: true })).toBe('Nov 29, 2026, 5:41:12 PM');
  });

  it('is done by this helper alone, on every screen', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(100);
    const elsewhere = Object.entries(SOURCES)
      .filter(([, text]) =>
        /toLocaleString\(|toLocaleDateString\(|toLocaleTimeString\(|Intl\.DateTimeFormat/.test(
          // A number's toLocaleString('en') (1,000 days) is not a time.
          text.replace(/\w+\.toLocaleString\('en'\)/g, ''),
        ),
      )
      .map(([file]) => file);
    expect(elsewhere).toEqual([]);
  });
});
