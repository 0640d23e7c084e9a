import { describe, expect, it } from 'vitest';
import { safeNext } from './safeNext';

describe('the page after sign-in', () => {
  it('returns to a page of the app, never elsewhere', () => {
    expect(safeNext('/workflows/access-approval')).toBe('/workflows/access-approval');
    expect(safeNext(null)).toBe('/workflows');
    expect(safeNext('https://evil.example')).toBe('/workflows');
    expect(safeNext('//evil.example')).toBe('/workflows');
    expect(safeNext('/\\evil.example')).toBe('/workflows');
    expect(safeNext('/sign-in')).toBe('/workflows');
    expect(safeNext('/api/auth/me')).toBe('/workflows');
  });
});
