import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearFit, OVERLAY_GAP, sidePadding, type ClearFitInput } from './clearFit';
import type { Box, Viewport } from './openingView';

// The editor's canvas at 1280 × 800: 692 × 494, its toolbar at the top, the zoom controls in the
// bottom left corner, the minimap (160 × 100, 15 px from the sides) in the bottom right.
const PANE = { width: 692, height: 494 };
const TOOLBAR: Box = { x: 200, y: 15, width: 292, height: 40 };
const CONTROLS: Box = { x: 15, y: 385, width: 28, height: 94 };
const MINIMAP: Box = { x: 517, y: 379, width: 160, height: 100 };
const OVERLAYS = [TOOLBAR, CONTROLS, MINIMAP];
const input = (boxes: Box[], overlays: Box[] = OVERLAYS): ClearFitInput => ({
  boxes,
  ...PANE,
  overlays,
  padding: 0.1,
  minZoom: 0.1,
  maxZoom: 2,
});
const step = (x: number, y: number): Box => ({ x, y, width: 176, height: 60 });

const onScreen = (box: Box, { x, y, zoom }: Viewport): Box => ({
  x: box.x * zoom + x,
  y: box.y * zoom + y,
  width: box.width * zoom,
  height: box.height * zoom,
});
const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inPane = (box: Box) =>
  box.x >= -1e-6 &&
  box.y >= -1e-6 &&
  box.x + box.width <= PANE.width + 1e-6 &&
  box.y + box.height <= PANE.height + 1e-6;
const under = (boxes: Box[], view: Viewport, overlays: Box[] = OVERLAYS) =>
  boxes.filter((box) => overlays.some((o) => meets(onScreen(box, view), o)));

describe('a fit that keeps the steps clear of what floats over the canvas', () => {
  // Three rows of three steps, about the shape of the pane: the plain fit puts the bottom right
  // step under the minimap.
  const grid = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => step(col * 240, row * 200)));

  it('moves the bottom right step out from under the minimap, the whole drawing still in view', () => {
    const plain = clearFit(input(grid, []));
    expect(under(grid, plain)).not.toEqual([]);
    const view = clearFit(input(grid));
    expect(under(grid, view)).toEqual([]);
    for (const box of grid) expect(inPane(onScreen(box, view))).toBe(true);
    expect(view.zoom).toBeLessThan(plain.zoom);
  });

  it('keeps the plain fit where the drawing leaves the corners empty', () => {
    // One row, centred: nothing near the toolbar, the controls or the minimap.
    const kept = clearFit(input([step(0, 200), step(600, 200)]));
    const keptPlain = clearFit(input([step(0, 200), step(600, 200)], []));
    expect(kept).toEqual(keptPlain);
  });

  it('keeps a gap between a step and the toolbar', () => {
    const row = [0, 1, 2, 3].map((col) => step(col * 240, 0));
    const view = clearFit(input(row.concat(step(360, -200))));
    const top = onScreen(step(360, -200), view);
    expect(top.y).toBeGreaterThanOrEqual(TOOLBAR.y + TOOLBAR.height + OVERLAY_GAP - 1e-6);
  });

  it('never covers a step with an overlay, or else is the plain fit (the zoom held at its minimum)', () => {
    const box = fc.record({
      x: fc.integer({ min: -2000, max: 2000 }),
      y: fc.integer({ min: -2000, max: 2000 }),
      width: fc.integer({ min: 20, max: 400 }),
      height: fc.integer({ min: 20, max: 200 }),
    });
    fc.assert(
      fc.property(fc.array(box, { minLength: 1, maxLength: 30 }), (boxes) => {
        const view = clearFit(input(boxes));
        const plain = clearFit(input(boxes, []));
        expect(view.zoom).toBeLessThanOrEqual(plain.zoom + 1e-9);
        if (under(boxes, view).length > 0) expect(view).toEqual(plain);
        else if (view.zoom > 0.1) for (const b of boxes) expect(inPane(onScreen(b, view))).toBe(true);
      }),
    );
  });

  it('pads as React Flow does with a number', () => {
    expect(sidePadding(1000, 0.1)).toBe(45);
  });
});
