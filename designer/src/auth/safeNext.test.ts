import { describe, expect, it } from 'vitest';
import { safeNext } from './safeNext';

describe('the page after sign-in', () => {
  it('returns to a page of the app, never elsewhere', () => {
    expect(safeNext('/workflows/access-approval')).toBe('/workflows/access-approval');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/sign-in')).toBe('/');
    expect(safeNext('/api/auth/me')).toBe('/');
  });
});
