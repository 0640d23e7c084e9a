/** Below this canvas size the 160 × 100 overview would cover the workflow it is meant to show. */
export const MINIMAP_MIN_WIDTH = 640;
export const MINIMAP_MIN_HEIGHT = 420;

/** True when a canvas of this size has room for the minimap. */
export const roomForMiniMap = (width: number, height: number): boolean =>
  width >= MINIMAP_MIN_WIDTH && height >= MINIMAP_MIN_HEIGHT;
