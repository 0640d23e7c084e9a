import { describe, expect, it } from 'vitest';
import { OPENING_FIT, openingViewport, type Box, type Viewport } from './openingView';

const PANE = { width: 1280, height: 720 };
/** A chain of `n` steps left to right, 240 px apart, the trigger first. */
const chain = (n: number, y = 0): Box[] =>
  Array.from({ length: n }, (_, i) => ({ x: i * 240, y, width: 176, height: 60 }));
/** Where a box lands on the pane, in screen pixels. */
const onScreen = (box: Box, { x, y, zoom }: Viewport) => ({
  left: box.x * zoom + x,
  top: box.y * zoom + y,
  right: (box.x + box.width) * zoom + x,
  bottom: (box.y + box.height) * zoom + y,
});
const inPane = (box: Box, view: Viewport) => {
  const s = onScreen(box, view);
  return s.left >= 0 && s.top >= 0 && s.right <= PANE.width && s.bottom <= PANE.height;
};

describe('the view a workflow opens on', () => {
  it('shows a small workflow whole at its natural size, centred', () => {
    const boxes = chain(3);
    const view = openingViewport({ boxes, start: boxes[0], ...PANE });
    expect(view.zoom).toBe(1);
    const first = onScreen(boxes[0]!, view);
    const last = onScreen(boxes[2]!, view);
    expect(first.left).toBeCloseTo(PANE.width - last.right);
    expect(first.top).toBeCloseTo(PANE.height - first.bottom);
  });

  it('shrinks a larger workflow to fit whole, down to the minimum zoom', () => {
    const boxes = chain(20);
    const view = openingViewport({ boxes, start: boxes[0], ...PANE });
    expect(view.zoom).toBeGreaterThan(OPENING_FIT.minZoom);
    expect(view.zoom).toBeLessThan(1);
    for (const box of boxes) expect(inPane(box, view)).toBe(true);
  });

  it('opens a chain of 1,000 steps on its trigger at a zoom its steps can be read at, the steps after it filling the pane', () => {
    const boxes = chain(1_000);
    const view = openingViewport({ boxes, start: boxes[0], ...PANE });
    expect(view.zoom).toBe(OPENING_FIT.readableZoom);
    // Readable: a step's smallest text (12 px) is drawn at 9 px or more.
    expect(12 * view.zoom).toBeGreaterThanOrEqual(9);
    expect(inPane(boxes[0]!, view)).toBe(true);
    // Near the left edge (the padding), not in the middle with empty canvas before it.
    expect(onScreen(boxes[0]!, view).left).toBeLessThan(40);
    // The next steps fill the pane to its right edge: no room is left for one more.
    const shown = boxes.filter((box) => inPane(box, view)).length;
    expect(shown).toBeGreaterThanOrEqual(6);
    expect(boxes.slice(0, shown).every((box) => inPane(box, view))).toBe(true);
    expect(PANE.width - onScreen(boxes[shown - 1]!, view).right).toBeLessThan(240 * view.zoom);
    // Vertically the one row is centred, as it fits.
    const first = onScreen(boxes[0]!, view);
    expect(first.top).toBeCloseTo(PANE.height - first.bottom);
  });

  it('centres a trigger in the middle of a wide drawing, and one at the far end at that end', () => {
    const boxes = chain(1_000);
    const middle = openingViewport({ boxes, start: boxes[500], ...PANE });
    const at = onScreen(boxes[500]!, middle);
    expect((at.left + at.right) / 2).toBeCloseTo(PANE.width / 2);
    const end = openingViewport({ boxes, start: boxes[999], ...PANE });
    expect(inPane(boxes[999]!, end)).toBe(true);
    expect(PANE.width - onScreen(boxes[999]!, end).right).toBeLessThan(40);
  });

  it('finds a trigger at the top of a tall drawing on both axes', () => {
    const boxes = Array.from({ length: 400 }, (_, i) => ({
      x: (i % 40) * 240,
      y: Math.floor(i / 40) * 800,
      width: 176,
      height: 60,
    }));
    const view = openingViewport({ boxes, start: boxes[0], ...PANE });
    expect(view.zoom).toBe(OPENING_FIT.readableZoom);
    const first = onScreen(boxes[0]!, view);
    expect(first.left).toBeLessThan(40);
    expect(first.top).toBeLessThan(40);
  });

  it('opens where the drawing starts, its leftmost item, when there is no trigger to open on', () => {
    const boxes = chain(1_000).reverse();
    const view = openingViewport({ boxes, ...PANE });
    expect(view.zoom).toBe(OPENING_FIT.readableZoom);
    const first = onScreen(boxes[999]!, view);
    expect(first.left).toBeGreaterThanOrEqual(0);
    expect(first.left).toBeLessThan(40);
  });

  it('shows a workflow whole down to the minimum zoom, and one a little larger on its trigger', () => {
    // The widest chain that fits at the minimum zoom, and the next one.
    const fits = Array.from({ length: 40 }, (_, i) => chain(i + 2)).filter(
      (boxes) => openingViewport({ boxes, start: boxes[0], ...PANE }).zoom !== OPENING_FIT.readableZoom,
    );
    const widest = fits.at(-1)!;
    const whole = openingViewport({ boxes: widest, start: widest[0], ...PANE });
    expect(whole.zoom).toBeGreaterThanOrEqual(OPENING_FIT.minZoom);
    for (const box of widest) expect(inPane(box, whole)).toBe(true);
    const next = chain(widest.length + 1);
    expect(openingViewport({ boxes: next, start: next[0], ...PANE }).zoom).toBe(OPENING_FIT.readableZoom);
  });

  it('shows a whole workflow clear of the minimap and the toolbar floating over the pane', () => {
    // Three rows of five steps, about the pane's shape: at the plain fit the bottom right step lies
    // where the minimap is drawn (160 × 100, 15 px from the corner), the top row under the toolbar.
    const boxes = [0, 1, 2].flatMap((row) => chain(5, row * 230));
    const minimap = { x: PANE.width - 175, y: PANE.height - 115, width: 160, height: 100 };
    const toolbar = { x: 400, y: 15, width: 480, height: 40 };
    const meets = (box: Box, view: Viewport, o: Box) => {
      const s = onScreen(box, view);
      return s.left < o.x + o.width && o.x < s.right && s.top < o.y + o.height && o.y < s.bottom;
    };
    const plain = openingViewport({ boxes, start: boxes[0], ...PANE });
    expect(boxes.some((box) => meets(box, plain, minimap))).toBe(true);
    const view = openingViewport({ boxes, start: boxes[0], ...PANE, overlays: [minimap, toolbar] });
    expect(boxes.filter((box) => meets(box, view, minimap) || meets(box, view, toolbar))).toEqual([]);
    for (const box of boxes) expect(inPane(box, view)).toBe(true);
  });

  it('opens a large workflow with its top row below the toolbar floating over the pane', () => {
    const boxes = Array.from({ length: 400 }, (_, i) => ({
      x: (i % 40) * 240,
      y: Math.floor(i / 40) * 800,
      width: 176,
      height: 60,
    }));
    const toolbar = { x: 400, y: 15, width: 480, height: 40 };
    const view = openingViewport({ boxes, start: boxes[0], ...PANE, overlays: [toolbar] });
    expect(view.zoom).toBe(OPENING_FIT.readableZoom);
    expect(onScreen(boxes[0]!, view).top).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
  });
});
