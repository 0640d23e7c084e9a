import { aWorkflow, n } from '@flowline/engine/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keepFailure, openWorkflow, screenshot, type TestBrowser } from '../support/browser';
import { closeBrowserSuites, saveDraft, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

/** A chain of `size` steps, trigger first, laid out left to right 240 px apart. */
function chain(id: string, size: number) {
  const steps = Array.from({ length: size - 2 }, (_, i) => n.transform(`s${i + 1}`, { x: '1' }));
  const ids = ['start', ...steps.map((s) => s.id), 'done'];
  const definition = aWorkflow(id)
    .variables('x')
    .nodes(n.trigger(), ...steps, n.end('done'))
    .edges(...ids.slice(1).map((target, i) => `${ids[i]} -> ${target}`))
    .document();
  const layout = Object.fromEntries(ids.map((nodeId, i) => [nodeId, { x: i * 240, y: 0 }]));
  return { ...definition, layout };
}

// The view the editor opens on, in a real chromium against the runtime: the whole workflow when it
// fits at a fifth of its size, else its trigger at a zoom its steps can be read at (a 1,000-step
// chain used to open on its middle, then at a fifth of its size), and the overview showing its shape.
describe('the editor opens a workflow where it starts', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ runtime, browser, page } = await startBrowserSuite({
      seed: async (api) => {
        await saveDraft(api, chain('long-chain', 1_000), { timeoutMs: 60_000 });
        await saveDraft(api, chain('short-chain', 5), { timeoutMs: 60_000 });
      },
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'openingView-'));
  afterAll(closeBrowserSuites);

  const zoom = async () => {
    const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
    return Number(/scale\(([\d.]+)\)/.exec(style)?.[1]);
  };
  /** Whether the node is drawn wholly inside the canvas. */
  const inView = async (nodeId: string) => {
    const pane = await page.locator('.react-flow__pane').boundingBox();
    const node = page.locator(`.react-flow__node[data-id="${nodeId}"]`);
    if ((await node.count()) === 0 || !pane) return false;
    const box = await node.boundingBox();
    if (!box) return false;
    return (
      box.x >= pane.x &&
      box.y >= pane.y &&
      box.x + box.width <= pane.x + pane.width &&
      box.y + box.height <= pane.y + pane.height
    );
  };

  /** The smallest text in a node as drawn on the screen, in pixels (its font size at the zoom). */
  const smallestText = (nodeId: string) =>
    page.evaluate<number>(`(() => {
      const node = document.querySelector('.react-flow__node[data-id="${nodeId}"]');
      const zoom = Number(/scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform)[1]);
      const sizes = [...node.querySelectorAll('*')]
        .filter((el) => [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim() !== ''))
        .map((el) => parseFloat(getComputedStyle(el).fontSize));
      return Math.min(...sizes) * zoom;
    })()`);
  /** The overview's blocks as drawn: how many, the smallest side, and how much of its width they span. */
  const overview = () =>
    page.evaluate<{ blocks: number; smallest: number; span: number }>(`(() => {
      const svg = document.querySelector('.react-flow__minimap-svg').getBoundingClientRect();
      const rects = [...document.querySelectorAll('.react-flow__minimap-node')].map((el) => el.getBoundingClientRect());
      const left = Math.min(...rects.map((r) => r.left));
      const right = Math.max(...rects.map((r) => r.right));
      return {
        blocks: rects.length,
        smallest: Math.min(...rects.map((r) => Math.min(r.width, r.height))),
        span: (right - left) / svg.width,
      };
    })()`);

  it('opens a chain of 1,000 steps on its trigger at a zoom its steps can be read at, its shape in the overview', async () => {
    await openWorkflow(page, runtime.url, 'long-chain', 'node');
    await expect.poll(() => inView('start')).toBe(true);
    expect(await zoom()).toBeCloseTo(0.75);
    // Readable: the smallest text on a step (its kind) is drawn at 9 px or more.
    expect(await smallestText('start')).toBeGreaterThanOrEqual(9);
    // The first steps after the trigger fill the rest of the canvas (about 690 px of it at 1280 × 800).
    expect(await inView('s1')).toBe(true);
    expect(await inView('s2')).toBe(true);
    expect(await inView('s10')).toBe(false);
    // The overview shows the whole chain: every step a block of a few pixels, end to end across it
    // (React Flow drew each a tenth of a pixel wide, and the overview was blank).
    const shape = await overview();
    expect(shape.blocks).toBe(1_000);
    expect(shape.smallest).toBeGreaterThanOrEqual(2);
    expect(shape.span).toBeGreaterThan(0.9);
    await screenshot(page, 'editor-opening-long-chain');
    await page.getByRole('button', { name: /^Switch to dark/ }).click();
    await screenshot(page, 'editor-opening-long-chain-dark');
    await page.getByRole('button', { name: /^Switch to light/ }).click();
    browser.assertNoProblems();
  });

  it('still opens a workflow that fits whole, shrunk to fit', async () => {
    await openWorkflow(page, runtime.url, 'short-chain', 'node');
    for (const id of ['start', 's1', 's2', 's3', 'done']) await expect.poll(() => inView(id)).toBe(true);
    expect(await zoom()).toBeGreaterThan(0.2);
    expect(await zoom()).toBeLessThan(1);
    browser.assertNoProblems();
  });
});
