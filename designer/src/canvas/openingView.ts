import { clearFit, sidePadding as paddingOf } from './clearFit';

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
  /** The trigger's box, where a workflow too large to fit opens (without one: its leftmost item). */
  readonly start?: Box | undefined;
  /** The pane's size in screen pixels. */
  readonly width: number;
  readonly height: number;
  /** The panels floating over the pane (toolbar, zoom controls, minimap), in screen pixels: a whole workflow is shown clear of them. */
  readonly overlays?: readonly Box[];
}

/**
 * The whole workflow is shown down to a fifth of its size (below that not even its shape can be
 * made out), and never blown up past its natural size. A workflow too large for that opens on its
 * trigger at `readableZoom`, where a step's smallest text (12 px) is drawn at 9 px: its first steps
 * can be read, and the rest is a scroll away (and in the overview). Padding is React Flow's: a fraction of the pane, shared between its two sides.
 */
export const OPENING_FIT = { padding: 0.04, minZoom: 0.2, maxZoom: 1, readableZoom: 0.75 } as const;

const sidePadding = (size: number) => paddingOf(size, OPENING_FIT.padding);

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
 * (centred, as React Flow's fitView); otherwise its trigger at the readable zoom, in the part of
 * the drawing around it. The whole is kept clear of the panels over the canvas (clearFit.ts): the
 * minimap covered the bottom right step of a workflow that filled the pane. A chain of a thousand steps opening on its middle shows neither where it
 * starts nor a way to find it, and opening it at a fifth of its size shows no step one can read.
 */
export function openingViewport({ boxes, start, width, height, overlays = [] }: OpeningViewInput): Viewport {
  if (boxes.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  const [padX, padY] = [sidePadding(width), sidePadding(height)];
  const fit = Math.min((width - 2 * padX) / (right - left || 1), (height - 2 * padY) / (bottom - top || 1));
  const { minZoom, maxZoom, readableZoom } = OPENING_FIT;
  if (fit >= minZoom)
    return clearFit({ boxes, width, height, overlays, padding: OPENING_FIT.padding, minZoom, maxZoom });
  const from = start ?? leftmost(boxes);
  const zoom = readableZoom;
  const [gapX, gapY] = [padX / zoom, padY / zoom];
  // What lies under a panel along the top (the editor's toolbar) is not seen: the window is what
  // is left below it.
  const below = Math.max(
    0,
    ...overlays.filter((o) => o.y + o.height < height / 4).map((o) => o.y + o.height),
  );
  const viewLeft = windowStart(left - gapX, right + gapX, from.x + from.width / 2, width / zoom);
  const viewTop =
    windowStart(top - gapY, bottom + gapY, from.y + from.height / 2, (height - below) / zoom) - below / zoom;
  return { x: -viewLeft * zoom, y: -viewTop * zoom, zoom };
}

/** Where a drawing without a trigger starts: its leftmost item (the topmost of those). */
const leftmost = (boxes: readonly Box[]): Box =>
  boxes.reduce((a, b) => (b.x < a.x || (b.x === a.x && b.y < a.y) ? b : a));
