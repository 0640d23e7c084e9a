import { useCallback, useState } from 'react';

const KEY = 'flowline.canvas.minimap';

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
};

/**
 * Whether the canvas shows its minimap: the user may hide it (n8n and Camunda Modeler both let
 * one), and the choice is kept in the browser for every canvas.
 */
export function useMiniMapShown(): { shown: boolean; toggle: () => void } {
  const [shown, setShown] = useState(() => storage()?.getItem(KEY) !== 'hidden');
  const toggle = useCallback(() => {
    setShown((was) => {
      try {
        if (was) storage()?.setItem(KEY, 'hidden');
        else storage()?.removeItem(KEY);
      } catch {
        // A full or refused storage only loses the choice for the next visit.
      }
      return !was;
    });
  }, []);
  return { shown, toggle };
}
