import type { Box } from './openingView';

/** The overview's size on screen (CanvasMiniMap). */
export const MINIMAP_SIZE = { width: 160, height: 100 } as const;
/** The smallest a node is drawn in the overview, in screen pixels. */
export const MINIMAP_BLOCK_MIN_PX = 3;

/** The box around all the boxes (undefined for none). */
export function boundsOf(boxes: Iterable<Box>): Box | undefined {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const box of boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return left === Infinity ? undefined : { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The smallest size, in flow units, a node is drawn at in the overview: MINIMAP_BLOCK_MIN_PX at
 * the overview's scale. React Flow's minimap fits the drawing into 160 × 100 pixels; a chain of a
 * thousand steps is 240,000 px long, so each step came out a tenth of a pixel wide and the
 * overview was blank. The scale is taken from the nodes alone (the view widens it only when the
 * nodes are small in it anyway), so panning and zooming leave it, and the blocks, alone.
 */
export function blockMinSize(bounds: Box | undefined): number {
  if (!bounds) return 0;
  const scale = Math.max(bounds.width / MINIMAP_SIZE.width, bounds.height / MINIMAP_SIZE.height);
  return MINIMAP_BLOCK_MIN_PX * scale;
}

/** A node's box grown about its middle to at least `min` on each side. */
export function grownBox(box: Box, min: number): Box {
  const width = Math.max(box.width, min);
  const height = Math.max(box.height, min);
  return { x: box.x - (width - box.width) / 2, y: box.y - (height - box.height) / 2, width, height };
}
