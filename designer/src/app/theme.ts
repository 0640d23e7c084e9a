/**
 * Light or dark: the user's choice when they made one (remembered in this browser), the
 * system's preference otherwise. Applied as `data-theme` on <html>; the CSS does the rest.
 */
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'flowline.theme';

export const isTheme = (value: unknown): value is Theme => value === 'light' || value === 'dark';

export function resolveTheme(stored: string | null | undefined, systemPrefersDark: boolean): Theme {
  if (isTheme(stored)) return stored;
  return systemPrefersDark ? 'dark' : 'light';
}

export const otherTheme = (theme: Theme): Theme => (theme === 'dark' ? 'light' : 'dark');

/** Reads storage defensively: private modes and blocked storage throw. */
export function storedTheme(storage: Pick<Storage, 'getItem'> | undefined): string | null {
  try {
    return storage?.getItem(THEME_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function rememberTheme(storage: Pick<Storage, 'setItem'> | undefined, theme: Theme): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not remembered; the toggle still works for this page.
  }
}
