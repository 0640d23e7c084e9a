import { aWorkflow, n } from '@flowline/engine/testing';
import { exampleWorkflows } from '@flowline/examples';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keepFailure, openWorkflow, screenshot, type TestBrowser } from '../support/browser';
import { closeBrowserSuites, saveDraft, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

// Every example the runtime seeds, so a new one is checked as it is added.
const EXAMPLES = exampleWorkflows.map((example) => example.id);

/** Two steps drawn 20 px apart, the edge between them labelled: no room for the label anywhere. */
function cramped() {
  const definition = aWorkflow('cramped')
    .variables('x')
    .nodes(n.trigger(), n.transform('archive', { x: '1' }), n.end('done'))
    .edges('start -> archive', 'archive -> done')
    .document();
  const [first, second] = definition.edges!;
  return {
    ...definition,
    edges: [first!, { ...second!, label: 'Sent to the archive' }],
    layout: { start: { x: 0, y: 0 }, archive: { x: 240, y: 0 }, done: { x: 436, y: 0 } },
  };
}

// Every example as the editor opens it, in a real chromium against the runtime, in both themes:
// no edge's label is drawn over a step or a note (the access-approval example's "Timed out" sat
// on the head of the approval it leads to, its condition's label over the decision).
describe('edge labels keep off the steps', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ runtime, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      seed: (api) => saveDraft(api, cramped()),
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'exampleEdgeLabels-'));
  afterAll(closeBrowserSuites);

  /** Each label drawn over a step or a note, as `edge id → node id` (hidden labels are not drawn). */
  const coveringLabels = () =>
    page.evaluate<string[]>(`(() => {
      const nodes = [...document.querySelectorAll('.react-flow__node')].map((el) => [el.getAttribute('data-id'), el.getBoundingClientRect()]);
      return [...document.querySelectorAll('.fl-edge-label')]
        .filter((label) => getComputedStyle(label).visibility !== 'hidden')
        .flatMap((label) => {
          const r = label.getBoundingClientRect();
          return nodes
            .filter(([, n]) => r.left < n.right && n.left < r.right && r.top < n.bottom && n.top < r.bottom)
            .map(([id]) => label.getAttribute('data-edge') + ' → ' + id);
        });
    })()`);
  /** The labels not drawn for want of room beside their edge. */
  const hiddenLabels = () =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll('.fl-edge-label')].filter((l) => getComputedStyle(l).visibility === 'hidden').map((l) => l.getAttribute('data-edge'))`,
    );
  const shownLabels = () =>
    page.evaluate<number>(
      `[...document.querySelectorAll('.fl-edge-label')].filter((l) => getComputedStyle(l).visibility !== 'hidden').length`,
    );

  for (const id of EXAMPLES)
    it(`draws no label of ${id} over a step, in either theme`, async () => {
      await openWorkflow(page, runtime.url, id, 'node');
      await page.locator('.react-flow__edge').first().waitFor();
      await expect.poll(coveringLabels).toEqual([]);
      // The examples are drawn with room for every label: none is left out.
      await expect(hiddenLabels()).resolves.toEqual([]);
      await screenshot(page, `edge-labels-${id}-light`);
      await page.getByRole('button', { name: /^Switch to dark/ }).click();
      await expect.poll(coveringLabels).toEqual([]);
      await screenshot(page, `edge-labels-${id}-dark`);
      await page.getByRole('button', { name: /^Switch to light/ }).click();
      browser.assertNoProblems();
    });

  it('shows a label with no room beside its edge only while the edge is selected', async () => {
    await openWorkflow(page, runtime.url, 'cramped', 'node');
    const label = page.locator('.fl-edge-label[data-edge="e2"]');
    await label.waitFor({ state: 'attached' });
    await expect.poll(shownLabels).toBe(0);
    // Not shown, it is still said: the edge's accessible name and the line's tooltip hold it.
    const edge = page.locator('.react-flow__edge[data-id="e2"]');
    await expect(edge.getAttribute('aria-label')).resolves.toBe(
      'Sent to the archive: edge from archive to done',
    );
    await expect(edge.locator('title').textContent()).resolves.toBe('Sent to the archive');
    // Select the edge: a click on its short run between the two steps.
    const from = (await page
      .locator('.react-flow__node[data-id="archive"] .react-flow__handle-right')
      .boundingBox())!;
    const to = (await page.locator('.react-flow__node[data-id="done"]').boundingBox())!;
    await page.mouse.click((from.x + from.width + to.x) / 2, from.y + from.height / 2);
    await expect.poll(shownLabels).toBe(1);
    await expect(label.textContent()).resolves.toBe('Sent to the archive');
    await screenshot(page, 'edge-labels-no-room-selected');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await expect.poll(shownLabels).toBe(0);
    browser.assertNoProblems();
  });
});
