import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A step (or note) drawn on the canvas, by id. */
export const canvasNode = (page: Page, id: string): Locator =>
  page.locator(`.react-flow__node[data-id="${id}"]`);

/** The inspector: a step's form, or the workflow's settings when no step is selected. */
export const inspectorPanel = (page: Page): Locator =>
  page.getByRole('complementary', { name: /Step|Workflow settings/ });

/** Waits out the view's animation (a fit takes 250 ms, a centring 300 ms): its transform unchanged over 300 ms. */
export async function viewSettled(page: Page): Promise<void> {
  const transform = () =>
    page.evaluate<string>(`document.querySelector('.react-flow__viewport')?.style.transform ?? ''`);
  await expect
    .poll(async () => {
      const before = await transform();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return before === (await transform());
    })
    .toBe(true);
}

/**
 * A point of the step, relative to its top-left, where a click reaches it: the step lies wholly
 * inside the canvas's pane and that point is not under the minimap, the toolbar or a panel.
 * Undefined when there is none (the step is outside the view).
 */
function clickablePoint(page: Page, id: string): Promise<{ x: number; y: number } | null> {
  // A string, not a function: it runs in the page (the tests compile without DOM types).
  return page.evaluate<{ x: number; y: number } | null>(`(() => {
    const node = document.querySelector('.react-flow__node[data-id="' + CSS.escape(${JSON.stringify(id)}) + '"]');
    const pane = document.querySelector('.react-flow__pane');
    if (!node || !pane) return null;
    const r = node.getBoundingClientRect();
    const p = pane.getBoundingClientRect();
    if (r.left < p.left || r.top < p.top || r.right > p.right || r.bottom > p.bottom) return null;
    const inset = Math.min(12, r.width / 4, r.height / 4);
    const points = [
      [r.width / 2, r.height / 2],
      [inset, inset],
      [r.width - inset, inset],
      [inset, r.height - inset],
      [r.width - inset, r.height - inset],
    ];
    for (const [x, y] of points) {
      const top = document.elementFromPoint(r.left + x, r.top + y);
      if (top && top.closest('.react-flow__node') === node) return { x, y };
    }
    return null;
  })()`);
}

/**
 * Clicks a step as a person would: one outside the view (after a centring, or opened at the
 * trigger) is first brought into it with the zoom controls' fit. Clicking it where it is not drawn
 * makes playwright scroll React Flow's wrapper, which scrolls itself back: the click then lands on
 * the pane (no step selected) or another step. Waits until the step is selected.
 */
export async function clickNode(page: Page, id: string, options: { shift?: boolean } = {}): Promise<void> {
  const node = canvasNode(page, id);
  await node.waitFor();
  await viewSettled(page);
  let point = await clickablePoint(page, id);
  if (!point) {
    await page.locator('.react-flow__controls-fitview').click();
    await viewSettled(page);
    await expect
      .poll(async () => (point = await clickablePoint(page, id)), {
        message: `step ${id} is not clickable after Zoom to fit`,
      })
      .not.toBeNull();
  }
  await node.click({ position: point!, ...(options.shift ? { modifiers: ['Shift'] } : {}) });
  await expect.poll(async () => (await node.getAttribute('class')) ?? '').toMatch(/\bselected\b/);
}

/** Selects a step in the editor and waits until the inspector shows its form (its Id). */
export async function selectStep(page: Page, id: string): Promise<void> {
  await clickNode(page, id);
  // Not merely an Id field: the one of the step selected before is already there.
  await expect.poll(() => inspectorPanel(page).locator('[data-field="id"] input').inputValue()).toBe(id);
}
