import { createContext, useContext, type ReactNode } from 'react';
import type { Theme } from './theme';
import { useTheme } from './useTheme';

const ThemeContext = createContext<{ theme: Theme; toggle: () => void }>({
  theme: 'light',
  toggle: () => {},
});

/** One theme for the whole app (the header toggles it, the canvas follows it). */
export function ThemeProvider({ children }: { children: ReactNode }) {
  return <ThemeContext.Provider value={useTheme()}>{children}</ThemeContext.Provider>;
}

export const useAppTheme = () => useContext(ThemeContext);
