/** A rectangle in flow coordinates (a node's or note's box). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** React Flow's viewport: the pane shows flow point p at screen point p × zoom + (x, y). */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export interface OpeningViewInput {
  /** Every drawn item's box: nodes and notes. */
  readonly boxes: readonly Box[];
  /** The trigger's box, where a workflow too large to fit opens. */
  readonly start?: Box | undefined;
  /** The pane's size in screen pixels. */
  readonly width: number;
  readonly height: number;
}

/**
 * The whole workflow, drawn down to a fifth of its size (below that nothing on a node can be made
 * out); a small one is never blown up past its natural size. Padding is React Flow's: a fraction
 * of the pane, shared between its two sides.
 */
export const OPENING_FIT = { padding: 0.04, minZoom: 0.2, maxZoom: 1 } as const;

/** One side's padding in pixels, as React Flow's fitView reads a number. */
const sidePadding = (size: number) => Math.floor((size - size / (1 + OPENING_FIT.padding)) * 0.5);

/**
 * Where a window of `size` starts on one axis so that it holds `focus` (at its middle when it
 * can) and shows as little as possible beyond `[from, to]`: a span the window holds is centred.
 */
function windowStart(from: number, to: number, focus: number, size: number): number {
  if (to - from <= size) return (from + to - size) / 2;
  return Math.min(Math.max(focus - size / 2, from), to - size);
}

/**
 * The view a workflow opens on: the whole of it when it fits at the minimum zoom or larger
 * (centred, as React Flow's fitView); otherwise the trigger at the minimum zoom, in the part of
 * the drawing around it. A chain of a thousand steps opening on its middle shows neither where it
 * starts nor a way to find it.
 */
export function openingViewport({ boxes, start, width, height }: OpeningViewInput): Viewport {
  if (boxes.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  const [padX, padY] = [sidePadding(width), sidePadding(height)];
  const fit = Math.min((width - 2 * padX) / (right - left || 1), (height - 2 * padY) / (bottom - top || 1));
  const { minZoom, maxZoom } = OPENING_FIT;
  if (fit >= minZoom || start === undefined) {
    const zoom = Math.min(Math.max(fit, minZoom), maxZoom);
    return {
      x: width / 2 - ((left + right) / 2) * zoom,
      y: height / 2 - ((top + bottom) / 2) * zoom,
      zoom,
    };
  }
  const zoom = minZoom;
  const [gapX, gapY] = [padX / zoom, padY / zoom];
  const viewLeft = windowStart(left - gapX, right + gapX, start.x + start.width / 2, width / zoom);
  const viewTop = windowStart(top - gapY, bottom + gapY, start.y + start.height / 2, height / zoom);
  return { x: -viewLeft * zoom, y: -viewTop * zoom, zoom };
}
