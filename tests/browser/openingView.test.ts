import { aWorkflow, n } from '@flowline/engine/testing';
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
// fits at a fifth of its size, else its trigger (a 1,000-step chain used to open on its middle).
describe('the editor opens a workflow where it starts', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let password: string;

  beforeAll(async () => {
    buildDesignerIfStale();
    runtime = await startRuntime();
    const api = createApiClient(runtime.url);
    await api.signInFirstTime(ADMIN, runtime.adminPassword!);
    password = `${runtime.adminPassword!}-changed`;
    for (const [id, size] of [
      ['long-chain', 1_000],
      ['short-chain', 5],
    ] as const) {
      const saved = await api.put(
        `/api/definitions/${id}`,
        { draftRev: 0, definition: chain(id, size) },
        { timeoutMs: 60_000 },
      );
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    browser = await launchBrowser({
      expectedFailures: [{ method: 'GET', path: /^\/api\/auth\/me$/, status: 401 }],
    });
    page = await browser.newPage();
    await signIn(page, runtime.url, ADMIN, password);
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'openingView-'));
  afterAll(async () => {
    await browser?.close();
    await killAllRuntimes();
  });

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

  it('opens a chain of 1,000 steps on its trigger at the minimum zoom', async () => {
    await openWorkflow(page, runtime.url, 'long-chain', 'node');
    await expect.poll(() => inView('start')).toBe(true);
    expect(await zoom()).toBeCloseTo(0.2);
    // The steps after the trigger fill the rest of the canvas (about 690 px of it at 1280 × 800).
    expect(await inView('s10')).toBe(true);
    expect(await inView('s500')).toBe(false);
    await screenshot(page, 'editor-opening-long-chain');
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
