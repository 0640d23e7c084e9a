import type { Box, Viewport } from './openingView';

/** Room kept between a step and a panel floating over the canvas, in screen pixels. */
export const OVERLAY_GAP = 12;

export interface ClearFitInput {
  /** What must be shown: every step's and note's box, in flow units. */
  readonly boxes: readonly Box[];
  /** The pane's size in screen pixels. */
  readonly width: number;
  readonly height: number;
  /**
   * What floats over the pane (the toolbar, the zoom controls, the minimap), in screen pixels from
   * the pane's top left: no box may end up under one.
   */
  readonly overlays: readonly Box[];
  /** Room kept on each side, as React Flow reads a number: a share of the pane, split between two sides. */
  readonly padding: number;
  readonly minZoom: number;
  readonly maxZoom: number;
}

/** One side's padding in pixels, as React Flow's fitView reads a number. */
export const sidePadding = (size: number, padding: number) => Math.floor((size - size / (1 + padding)) * 0.5);

interface Sides {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The box around all the boxes. */
function boundsOf(boxes: readonly Box[]): Box {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const box of boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The bounds centred in what the sides leave of the pane, as large as that allows. */
function fitInside(bounds: Box, width: number, height: number, sides: Sides, min: number, max: number) {
  const roomX = width - sides.left - sides.right;
  const roomY = height - sides.top - sides.bottom;
  const fit = Math.min(roomX / (bounds.width || 1), roomY / (bounds.height || 1));
  const zoom = Math.min(Math.max(fit, min), max);
  return {
    x: sides.left + roomX / 2 - (bounds.x + bounds.width / 2) * zoom,
    y: sides.top + roomY / 2 - (bounds.y + bounds.height / 2) * zoom,
    zoom,
  };
}

/** Whether no box, drawn with this view, comes within OVERLAY_GAP of an overlay. */
function keepsClear(view: Viewport, boxes: readonly Box[], overlays: readonly Box[]): boolean {
  for (const box of boxes) {
    const left = box.x * view.zoom + view.x;
    const top = box.y * view.zoom + view.y;
    const right = left + box.width * view.zoom;
    const bottom = top + box.height * view.zoom;
    for (const o of overlays)
      if (
        left < o.x + o.width + OVERLAY_GAP &&
        o.x - OVERLAY_GAP < right &&
        top < o.y + o.height + OVERLAY_GAP &&
        o.y - OVERLAY_GAP < bottom
      )
        return false;
  }
  return true;
}

/**
 * The ways of keeping the drawing off one overlay: a strip along one of the pane's sides that holds
 * it (the minimap in the bottom right corner is cleared by a strip at the bottom or one on the
 * right), or nothing at all (the drawing may leave that corner empty anyway).
 */
function stripsFor(overlay: Box, width: number, height: number): (Partial<Sides> | undefined)[] {
  return [
    undefined,
    { top: overlay.y + overlay.height + OVERLAY_GAP },
    { bottom: height - overlay.y + OVERLAY_GAP },
    { left: overlay.x + overlay.width + OVERLAY_GAP },
    { right: width - overlay.x + OVERLAY_GAP },
  ];
}

const widest = (a: Sides, b: Partial<Sides> | undefined): Sides =>
  b
    ? {
        left: Math.max(a.left, b.left ?? 0),
        top: Math.max(a.top, b.top ?? 0),
        right: Math.max(a.right, b.right ?? 0),
        bottom: Math.max(a.bottom, b.bottom ?? 0),
      }
    : a;

/**
 * The view that shows every box, as large as it can, with none under a panel floating over the
 * canvas. React Flow's fitView knows only padding: a share of the pane kept the top row under the
 * toolbar and the bottom right step under the minimap. Each overlay is kept clear by a strip along
 * one side of the pane, or by nothing where the drawing leaves its corner empty; of the ways that
 * keep every box clear, the one with the largest zoom wins (ties: the first tried, fewest strips).
 * When none does (the zoom is held at its minimum), the plain padding's view.
 */
export function clearFit({
  boxes,
  width,
  height,
  overlays,
  padding,
  minZoom,
  maxZoom,
}: ClearFitInput): Viewport {
  if (boxes.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  const bounds = boundsOf(boxes);
  const [padX, padY] = [sidePadding(width, padding), sidePadding(height, padding)];
  const base: Sides = { left: padX, top: padY, right: padX, bottom: padY };
  const shown = overlays.filter(
    (o) =>
      o.width > 0 && o.height > 0 && o.x < width && o.y < height && o.x + o.width > 0 && o.y + o.height > 0,
  );
  let best: Viewport | undefined;
  const tryWith = (index: number, sides: Sides) => {
    if (index === shown.length) {
      if (sides.left + sides.right >= width || sides.top + sides.bottom >= height) return;
      const view = fitInside(bounds, width, height, sides, minZoom, maxZoom);
      if ((!best || view.zoom > best.zoom + 1e-9) && keepsClear(view, boxes, shown)) best = view;
      return;
    }
    for (const strip of stripsFor(shown[index]!, width, height)) tryWith(index + 1, widest(sides, strip));
  };
  tryWith(0, base);
  return best ?? fitInside(bounds, width, height, base, minZoom, maxZoom);
}
