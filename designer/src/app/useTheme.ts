import { useCallback, useEffect, useState } from 'react';
import { otherTheme, rememberTheme, resolveTheme, storedTheme, type Theme } from './theme';

const darkQuery = () => globalThis.matchMedia?.('(prefers-color-scheme: dark)');
const storage = () => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
};

/** Sets data-theme on <html> before React renders (main.tsx), so the first paint is right. */
export function applyInitialTheme(): Theme {
  const theme = resolveTheme(storedTheme(storage()), darkQuery()?.matches ?? false);
  document.documentElement.dataset['theme'] = theme;
  return theme;
}

/** The current theme and a toggle; follows the system while the user has not chosen. */
export function useTheme(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState<Theme>(() =>
    resolveTheme(storedTheme(storage()), darkQuery()?.matches ?? false),
  );

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  useEffect(() => {
    const query = darkQuery();
    if (!query) return;
    const follow = (event: MediaQueryListEvent) => {
      if (storedTheme(storage()) === null) setTheme(event.matches ? 'dark' : 'light');
    };
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  const toggle = useCallback(() => {
    setTheme((current) => {
      const next = otherTheme(current);
      rememberTheme(storage(), next);
      return next;
    });
  }, []);
  return { theme, toggle };
}
