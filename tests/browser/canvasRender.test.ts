import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  keepFailure,
  openWorkflow,
  screenshot,
  signIn,
  type TestBrowser,
} from '../support/browser';
import { ADMIN, closeBrowserSuites, startBrowserSuite } from '../support/browserSuite';
import { selectStep } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

// Edge labels on the canvas (edited in place, undoable) and moving items of the inspector's lists
// up and down by keyboard, on the access-approval example, in a real chromium against the runtime.
describe('edge labels and list order in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let adminPassword: string;

  beforeAll(async () => {
    ({ runtime, adminPassword, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'canvasRender-'));
  afterAll(closeBrowserSuites);

  const label = (edgeId: string) => page.locator(`.fl-edge-label[data-edge="${edgeId}"]`);
  /**
   * The edges whose label something else (a step) is drawn over, at the label's middle (a label
   * with no room beside its edge is not drawn at all).
   */
  const coveredLabels = () =>
    page.evaluate<string[]>(`[...document.querySelectorAll('.fl-edge-label')].flatMap((el) => {
      if (getComputedStyle(el).visibility === 'hidden') return [];
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return el.contains(top) ? [] : [el.getAttribute('data-edge')];
    })`);
  const exits = (nodeId: string) =>
    page.locator(`.react-flow__node[data-id="${nodeId}"] .fl-node__exit`).allTextContents();

  it('shows an outcome, a condition and a fixed exit on their edges; double-click edits one, undo restores it', async () => {
    await signIn(page, runtime.url, ADMIN, adminPassword);
    await openWorkflow(page, runtime.url, 'access-approval', 'node');
    await page.getByRole('button', { name: /^Zoom to fit/ }).click();
    await expect.poll(() => label('e2').textContent()).toBe('Approve');
    await expect(label('e8').textContent()).resolves.toBe('Otherwise');
    await expect(label('e7').textContent()).resolves.toBe('Admin, or any production access');
    // A plain exit's edge has no label.
    await expect(label('e1').count()).resolves.toBe(0);
    // Every label is on top where it crosses a step: what is drawn at its middle is the label.
    await expect.poll(coveredLabels).toEqual([]);
    await screenshot(page, 'canvas-edge-labels-light');
    await page.getByRole('button', { name: /^Switch to dark/ }).click();
    await expect.poll(coveredLabels).toEqual([]);
    await screenshot(page, 'canvas-edge-labels-dark');
    await page.getByRole('button', { name: /^Switch to light/ }).click();

    await label('e2').dblclick();
    const input = page.getByRole('textbox', { name: 'Edge label' });
    await input.waitFor();
    await input.fill('Grant');
    await screenshot(page, 'canvas-edge-label-editing');
    await input.press('Enter');
    await expect.poll(() => label('e2').textContent()).toBe('Grant');
    // The label lives in the approval's outcome: its exit on the node says it too.
    await expect.poll(() => exits('managerApproval')).toEqual(['Grant', 'Reject', 'Timed out']);
    // Escape leaves it as it was.
    // Double-clicking a label does not zoom the canvas (React Flow's double-click zoom).
    const view = () => page.locator('.react-flow__viewport').getAttribute('style');
    const before = await view();
    await label('e8').dblclick();
    await input.fill('Never kept');
    await input.press('Escape');
    await expect.poll(() => label('e8').textContent()).toBe('Otherwise');
    await expect(view()).resolves.toBe(before);

    await page.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(() => label('e2').textContent()).toBe('Approve');
    await expect.poll(() => exits('managerApproval')).toEqual(['Approve', 'Reject', 'Timed out']);
    await expectAccessible(page, 'canvas with edge labels');
    browser.assertNoProblems();
  });

  it('moves an outcome down by keyboard: the exits follow, focus stays on the moved item, undo restores', async () => {
    await page.getByRole('button', { name: /^Zoom to fit/ }).click();
    await selectStep(page, 'managerApproval');
    const inspector = page.getByRole('complementary', { name: /Step/ });
    const down = inspector.getByRole('button', { name: 'Move outcome 1 down' });
    await down.waitFor();
    await expect(inspector.getByRole('button', { name: 'Move outcome 1 up' }).isDisabled()).resolves.toBe(
      true,
    );
    await down.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => exits('managerApproval')).toEqual(['Reject', 'Approve', 'Timed out']);
    // The moved outcome is now the last: its down button is disabled, so its up button has focus.
    await expect
      .poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute('aria-label') ?? null`))
      .toBe('Move outcome 2 up');
    // Every edge stayed on its exit.
    await expect.poll(() => label('e2').textContent()).toBe('Approve');
    await expect(label('e3').textContent()).resolves.toBe('Reject');
    await screenshot(page, 'inspector-list-reorder');
    await expectAccessible(page, 'inspector with list reorder buttons');
    await page.keyboard.press('Enter');
    await expect.poll(() => exits('managerApproval')).toEqual(['Approve', 'Reject', 'Timed out']);
    await page.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(() => exits('managerApproval')).toEqual(['Reject', 'Approve', 'Timed out']);
    browser.assertNoProblems();
  });
});
