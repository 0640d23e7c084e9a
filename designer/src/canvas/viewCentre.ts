import { useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';

/** The drag-and-drop type of a palette entry (its id is the data). */
export const PALETTE_MIME = 'application/x-flowline-palette';

/** The centre of what the canvas shows, in flow coordinates (where a keyboard-added node goes). */
export function useViewCentre(): () => { x: number; y: number } {
  const store = useStoreApi();
  return useCallback(() => {
    const { width, height, transform } = store.getState();
    const [tx, ty, zoom] = transform;
    return { x: (width / 2 - tx) / zoom - 88, y: (height / 2 - ty) / zoom - 30 };
  }, [store]);
}
