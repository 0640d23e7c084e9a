import { aWorkflow, n } from '@flowline/engine/testing';
import { exampleWorkflows } from '@flowline/examples';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../support/apiClient';
import {
  buildDesignerIfStale,
  keepFailure,
  launchBrowser,
  openWorkflow,
  screenshot,
  signIn,
  type TestBrowser,
} from '../support/browser';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const ADMIN = 'admin@localhost';
// Every example the runtime seeds, so a new one is checked as it is added.
const EXAMPLES = exampleWorkflows.map((example) => example.id);
const SCREENS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/**
 * Nine steps in three rows of three, about the shape of the editor's canvas at 1280×800: React
 * Flow's fit by padding alone put its bottom right step under the minimap.
 */
function grid() {
  const steps = Array.from({ length: 7 }, (_, i) => n.transform(`s${i + 1}`, { x: '1' }));
  const ids = ['start', ...steps.map((s) => s.id), 'done'];
  const definition = aWorkflow('grid')
    .variables('x')
    .nodes(n.trigger(), ...steps, n.end('done'))
    .edges(...ids.slice(1).map((target, i) => `${ids[i]} -> ${target}`))
    .document();
  const layout = Object.fromEntries(
    ids.map((id, i) => [id, { x: (i % 3) * 240, y: Math.floor(i / 3) * 200 }]),
  );
  return { ...definition, layout };
}

/**
 * Ten branches between a split and a join, drawn in one row: auto-layout stacks them in a column
 * as tall as the canvas, under the toolbar with a fit by padding alone.
 */
function fan() {
  const branches = Array.from({ length: 10 }, (_, i) => n.transform(`b${i + 1}`, { x: '1' }));
  const definition = aWorkflow('fan')
    .variables('x')
    .nodes(n.trigger(), n.parallel('split'), ...branches, n.join('join'), n.end('done'))
    .edges(
      'start -> split',
      ...branches.flatMap((b) => [`split -> ${b.id}`, `${b.id} -> join`]),
      'join -> done',
    )
    .document();
  const ids = definition.nodes.map((node) => node.id);
  const layout = Object.fromEntries(ids.map((id, i) => [id, { x: i * 240, y: 0 }]));
  return { ...definition, layout };
}

// Every example in the editor, in a real chromium against the runtime, at two screen sizes and in
// both themes: on open, after Zoom to fit and after auto-layout no step or note is drawn under a
// panel floating over the canvas (the minimap covered the bottom right step, the opening view's top
// row lay under the toolbar, and the fit after auto-layout kept only a plain padding), and no edge
// runs through a step.
describe('the examples on the canvas', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    buildDesignerIfStale();
    runtime = await startRuntime({ seedExamples: true });
    const api = createApiClient(runtime.url);
    await api.signInFirstTime(ADMIN, runtime.adminPassword!);
    for (const definition of [grid(), fan()]) {
      const saved = await api.put(`/api/definitions/${definition.id}`, { draftRev: 0, definition });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    browser = await launchBrowser({
      expectedFailures: [{ method: 'GET', path: /^\/api\/auth\/me$/, status: 401 }],
    });
    page = await browser.newPage();
    await signIn(page, runtime.url, ADMIN, `${runtime.adminPassword!}-changed`);
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'exampleCanvas-'));
  afterAll(async () => {
    await browser?.close();
    await killAllRuntimes();
  });

  const transform = () =>
    page.evaluate<string>(`document.querySelector('.react-flow__viewport').style.transform`);
  /** Waits out the view's animation (a fit takes 250 ms): its transform unchanged over 300 ms. */
  const viewSettled = async () => {
    await expect
      .poll(async () => {
        const before = await transform();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return before === (await transform());
      })
      .toBe(true);
  };
  /** Steps and notes drawn under a panel over the canvas (toolbar, zoom controls, minimap), as `node id → panel`. */
  const underPanels = () =>
    page.evaluate<string[]>(`(() => {
      const panels = [
        ['toolbar', '.canvas-toolbar'],
        ['controls', '.react-flow__controls'],
        ['minimap', '.react-flow__minimap'],
      ].flatMap(([name, selector]) => {
        const el = document.querySelector(selector);
        return el ? [[name, el.getBoundingClientRect()]] : [];
      });
      return [...document.querySelectorAll('.react-flow__node')].flatMap((el) => {
        const r = el.getBoundingClientRect();
        return panels
          .filter(([, p]) => r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom)
          .map(([name]) => el.getAttribute('data-id') + ' → ' + name);
      });
    })()`);
  /** Steps and notes not wholly inside the canvas. */
  const outOfView = () =>
    page.evaluate<string[]>(`(() => {
      const pane = document.querySelector('.react-flow').getBoundingClientRect();
      return [...document.querySelectorAll('.react-flow__node')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < pane.left - 1 || r.top < pane.top - 1 || r.right > pane.right + 1 || r.bottom > pane.bottom + 1;
        })
        .map((el) => el.getAttribute('data-id'));
    })()`);
  /**
   * Edges whose drawn path runs through a step (not a note: those lie beneath), as `edge id → step
   * id`: points every unit along each path, in flow units, against each step's box a unit in from
   * its border (an edge leaves and enters by handles on it).
   */
  const edgesThroughSteps = () =>
    page.evaluate<string[]>(`(() => {
      const steps = [...document.querySelectorAll('.react-flow__node:not(.react-flow__node-note)')].map((el) => {
        const [, x, y] = /translate\\(([-\\d.]+)px, *([-\\d.]+)px\\)/.exec(el.style.transform);
        return [el.getAttribute('data-id'), +x + 1, +y + 1, +x + el.offsetWidth - 1, +y + el.offsetHeight - 1];
      });
      const found = [];
      for (const edge of document.querySelectorAll('.react-flow__edge')) {
        const path = edge.querySelector('path.react-flow__edge-path');
        const length = path.getTotalLength();
        const hit = new Set();
        for (let at = 0; at <= length; at += 1) {
          const p = path.getPointAtLength(at);
          for (const [id, left, top, right, bottom] of steps)
            if (p.x > left && p.x < right && p.y > top && p.y < bottom) hit.add(id);
        }
        for (const id of hit) found.push(edge.getAttribute('data-id') + ' → ' + id);
      }
      return found;
    })()`);
  const open = async (id: string) => {
    await openWorkflow(page, runtime.url, id, 'node');
    await page.locator('.react-flow__edge').first().waitFor();
    await page.locator('.react-flow__minimap').waitFor();
    await viewSettled();
  };

  for (const screen of SCREENS)
    for (const id of EXAMPLES)
      it(`shows ${id} clear of the panels over the canvas at ${screen.width}×${screen.height}: on open, after Zoom to fit and after auto-layout`, async () => {
        await page.setViewportSize(screen);
        await open(id);
        // A workflow shown whole has nothing under a panel; one too large for that opens on its
        // trigger at a zoom its steps can be read at, the trigger clear of the panels (the rest
        // is a pan away, and passes under them as it would anyway).
        if ((await outOfView()).length === 0) await expect.poll(underPanels).toEqual([]);
        else {
          const trigger = await page.locator('.react-flow__node-trigger').getAttribute('data-id');
          await expect
            .poll(async () => (await underPanels()).filter((hit) => hit.startsWith(`${trigger} `)))
            .toEqual([]);
        }
        // No edge runs through a step (React Flow's step path ran through those between its ends).
        await expect.poll(edgesThroughSteps).toEqual([]);
        await screenshot(page, `canvas-${id}-${screen.width}-open-light`);

        await page.getByRole('button', { name: 'Zoom to fit' }).click();
        await viewSettled();
        await expect.poll(underPanels).toEqual([]);
        await expect(outOfView()).resolves.toEqual([]);
        await page.getByRole('button', { name: /^Switch to dark/ }).click();
        await expect.poll(underPanels).toEqual([]);
        await screenshot(page, `canvas-${id}-${screen.width}-fit-dark`);
        await page.getByRole('button', { name: /^Switch to light/ }).click();

        // The zoom controls' own fit is the same fit.
        await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
        await page.mouse.wheel(0, -400);
        await viewSettled();
        await page.getByRole('button', { name: 'Fit view' }).click();
        await viewSettled();
        await expect.poll(underPanels).toEqual([]);

        const before = await transform();
        await page.getByRole('button', { name: 'Auto-layout' }).click();
        // The layout's own fit moves the view once the steps are drawn where it put them.
        await expect.poll(transform, { timeout: 20_000 }).not.toBe(before);
        await viewSettled();
        await expect.poll(underPanels).toEqual([]);
        await expect.poll(edgesThroughSteps).toEqual([]);
        await screenshot(page, `canvas-${id}-${screen.width}-layout-light`);
        // Leave the example as it was drawn.
        await page.getByRole('button', { name: 'Undo' }).click();
        browser.assertNoProblems();
      });

  it('keeps the bottom right step of a drawing the shape of the canvas clear of the minimap', async () => {
    await page.setViewportSize(SCREENS[0]);
    await open('grid');
    await expect(outOfView()).resolves.toEqual([]);
    await expect.poll(underPanels).toEqual([]);
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await viewSettled();
    await expect.poll(underPanels).toEqual([]);
    await page.getByRole('button', { name: 'Fit view' }).click();
    await viewSettled();
    await expect.poll(underPanels).toEqual([]);
    await screenshot(page, 'canvas-grid-fit');
    browser.assertNoProblems();
  });

  it('fits a drawing auto-layout stacked clear of the toolbar and the minimap', async () => {
    await page.setViewportSize(SCREENS[0]);
    await open('fan');
    const before = await transform();
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect.poll(transform, { timeout: 20_000 }).not.toBe(before);
    await viewSettled();
    await expect(outOfView()).resolves.toEqual([]);
    await expect.poll(underPanels).toEqual([]);
    await screenshot(page, 'canvas-fan-layout');
    await page.getByRole('button', { name: 'Undo' }).click();
    browser.assertNoProblems();
  });

  it('names every edge for screen readers with its whole label, and shows it on hover where it is cut short', async () => {
    await page.setViewportSize(SCREENS[0]);
    await open('access-approval');
    // The decision's condition is cut short on the canvas ("Admin, or a…"): the whole of it is in
    // the edge's accessible name, the label's tooltip and the line's.
    const label = page.locator('.fl-edge-label[data-edge="e7"]');
    await expect
      .poll(() =>
        label.evaluate((el) => el.querySelector('span')!.scrollWidth > el.querySelector('span')!.clientWidth),
      )
      .toBe(true);
    const full = 'Admin, or any production access';
    await expect(label.getAttribute('title')).resolves.toContain(full);
    const edge = page.getByRole('group', {
      name: `${full}: edge from Privileged access? to IT security review`,
    });
    await expect(edge.count()).resolves.toBe(1);
    await expect(edge.locator('title').textContent()).resolves.toBe(full);
    await label.hover();
    await screenshot(page, 'canvas-edge-label-cut-hover');
    browser.assertNoProblems();
  });

  it('hides the minimap at the user’s word, remembers it, and fits into its corner then', async () => {
    await page.setViewportSize(SCREENS[0]);
    await open('change-management');
    const toggle = page.getByRole('button', { name: 'Overview' });
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await viewSettled();
    const zoom = () =>
      page.evaluate<number>(
        `Number(/scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform)[1])`,
      );
    const withMap = await zoom();
    await toggle.click();
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(0);
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await viewSettled();
    // Without the minimap to keep clear of, the drawing may be as large as the padding allows.
    expect(await zoom()).toBeGreaterThanOrEqual(withMap);
    await screenshot(page, 'canvas-minimap-hidden');
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    await viewSettled();
    await expect(page.locator('.react-flow__minimap').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Overview' }).click();
    await page.locator('.react-flow__minimap').waitFor();
    browser.assertNoProblems();
  });
});
