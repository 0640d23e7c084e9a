import { describe, expect, it } from 'vitest';
import { otherTheme, rememberTheme, resolveTheme, storedTheme, THEME_STORAGE_KEY } from './theme';

describe('theme', () => {
  it('follows the system until the user chooses', () => {
    expect(resolveTheme(null, true)).toBe('dark');
    expect(resolveTheme(null, false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('purple', true)).toBe('dark');
  });

  it('toggles and remembers the choice, surviving storage that throws', () => {
    const values = new Map<string, string>();
    const storage = {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
    };
    rememberTheme(storage, otherTheme('light'));
    expect(values.get(THEME_STORAGE_KEY)).toBe('dark');
    expect(storedTheme(storage)).toBe('dark');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(storedTheme(broken)).toBeNull();
    expect(() => rememberTheme(broken, 'dark')).not.toThrow();
  });
});
