import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  keepFailure,
  openWorkflow,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, saveDraft, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

/** A trigger leading to an approval whose exits lead nowhere yet, and two ends. */
const UNCONNECTED = {
  schemaVersion: 1,
  id: 'keyboard-connect',
  name: 'Keyboard connect',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'review',
      name: 'Review',
      kind: 'approval',
      title: 'Review the request',
      assignees: [{ type: 'user', id: 'admin' }],
    },
    { id: 'done', name: 'Done', kind: 'end' },
    { id: 'stop', name: 'Stop', kind: 'end', outcome: 'rejected' },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'out', target: 'review' }],
  layout: {
    start: { x: 0, y: 80 },
    review: { x: 260, y: 80 },
    done: { x: 560, y: 0 },
    stop: { x: 560, y: 200 },
  },
};

// Making a connection with the keyboard alone ("Connect…", C), in a real chromium against the
// runtime: the picker lists the selected step's free exits and every step, the engine's refusals
// with their reason; Enter connects (undoable); the shortcut is in the help overlay.
describe('connecting steps by keyboard', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ runtime, browser, page } = await startBrowserSuite({
      seed: (admin) => saveDraft(admin, UNCONNECTED),
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'canvasKeyboard-'));
  afterAll(closeBrowserSuites);

  const dialog = () => page.getByRole('dialog', { name: /^Connect/ });
  const steps = () => dialog().getByRole('listbox', { name: 'Steps' });
  const edgeLabels = () => page.locator('.fl-edge-label').allTextContents();
  const edgeCount = () => page.locator('.react-flow__edge').count();
  const focusedNode = () =>
    page.evaluate<string | null>(
      `document.activeElement?.closest('.react-flow__node')?.getAttribute('data-id') ?? null`,
    );

  it('selects a step with Tab and Enter, opens Connect… with C, and connects an exit to a step found by name', async () => {
    await openWorkflow(page, runtime.url, 'keyboard-connect', 'node');
    await expect.poll(edgeCount).toBe(1);
    // Tab through the page until the approval has focus (bounded), Enter selects it.
    for (let i = 0; i < 150 && (await focusedNode()) !== 'review'; i += 1) await page.keyboard.press('Tab');
    expect(await focusedNode()).toBe('review');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Step' }).getByText('Review').first().waitFor();
    await page.keyboard.press('c');
    await dialog().waitFor();
    // Its free exits: Approve first, Reject; the search has focus.
    const exit = dialog().getByLabel('From exit');
    await expect(exit.locator('option').allTextContents()).resolves.toEqual([
      'Approve (approved)',
      'Reject (rejected)',
    ]);
    const search = dialog().getByRole('combobox', { name: 'Leads to' });
    await expect
      .poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute('role') ?? null`))
      .toBe('combobox');
    await expect(search.inputValue()).resolves.toBe('');

    // The trigger is listed, refused, with the engine's reason; Enter on it says why.
    await page.keyboard.type('sta');
    const start = steps().getByRole('option', { name: /Start/ });
    await expect(start.getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(start.textContent()).resolves.toContain('Nothing can lead back into the trigger "Start"');
    await page.keyboard.press('Enter');
    await dialog()
      .getByRole('status')
      .filter({ hasText: 'Cannot connect to “Start”: Nothing can lead back into the trigger "Start"' })
      .waitFor();
    await screenshot(page, 'canvas-connect-refused');
    await expectAccessible(page, 'the Connect… picker');
    expect(await edgeCount()).toBe(1);

    // Another search: Done, Enter connects Approve → Done.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('done');
    await expect(steps().getByRole('option').allTextContents()).resolves.toEqual(['DoneEnd']);
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(edgeCount).toBe(2);
    await expect.poll(edgeLabels).toContain('Approve');
    await page.getByRole('status').filter({ hasText: 'Connected “Review” (Approve) to “Done”' }).waitFor();
    // Focus is back on the step: C again offers only the exit still free; arrows pick a step.
    await expect.poll(focusedNode).toBe('review');
    await page.keyboard.press('c');
    await dialog().waitFor();
    await expect(exit.locator('option').allTextContents()).resolves.toEqual(['Reject (rejected)']);
    const options = await steps().getByRole('option').allTextContents();
    // Allowed first (in the workflow's order), the refused trigger last.
    expect(options.at(-1)).toContain('Start');
    const stopAt = options.findIndex((o) => o.startsWith('Stop'));
    for (let i = 0; i < stopAt; i += 1) await page.keyboard.press('ArrowDown');
    await expect(steps().getByRole('option', { selected: true }).textContent()).resolves.toMatch(/^Stop/);
    await screenshot(page, 'canvas-connect-picker');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(edgeCount).toBe(3);
    await expect.poll(edgeLabels).toContain('Reject');
    await screenshot(page, 'canvas-connected-by-keyboard');

    // Undoable: Ctrl+Z takes the last connection away.
    await expect.poll(focusedNode).toBe('review');
    await page.keyboard.press('Control+Z');
    await expect.poll(edgeCount).toBe(2);
    await expect.poll(edgeLabels).not.toContain('Reject');
    browser.assertNoProblems();
  });

  it('says why when nothing can be connected, and lists Connect… in the shortcut help', async () => {
    // An end has no exits: C says so instead of opening the picker.
    for (let i = 0; i < 20 && (await focusedNode()) !== 'done'; i += 1) await page.keyboard.press('Tab');
    expect(await focusedNode()).toBe('done');
    await page.keyboard.press('Enter');
    await page.keyboard.press('c');
    await page
      .getByRole('status')
      .filter({ hasText: '"Done" ends the workflow; nothing can follow it' })
      .waitFor();
    await expect(dialog().count()).resolves.toBe(0);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const row = help.locator('.shortcut-help__row').filter({ hasText: 'Connect the selected step…' });
    await expect(row.locator('kbd').allTextContents()).resolves.toEqual(['C']);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    browser.assertNoProblems();
  });

  it('makes the palette one Tab stop: the arrows, Home and End move between entries, Enter adds one', async () => {
    await openWorkflow(page, runtime.url, 'keyboard-connect', 'node');
    const entries = page.getByRole('toolbar', { name: 'Steps to add' }).locator('[data-palette-id]');
    const ids = await entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-palette-id')!));
    expect(ids.length).toBeGreaterThan(20);
    const focused = () =>
      page.evaluate<string | null>(`document.activeElement?.getAttribute('data-palette-id') ?? null`);
    // One entry in the Tab order, the first: Tab from the search lands on it, the next Tab leaves.
    await expect(entries.evaluateAll((els) => els.filter((el) => el.tabIndex === 0).length)).resolves.toBe(1);
    await page.getByRole('searchbox', { name: 'Search node kinds and actions' }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe(ids[0]);
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe(null);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe(ids[0]);

    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe(ids[1]);
    await page.keyboard.press('End');
    await expect.poll(focused).toBe(ids.at(-1));
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe(ids[0]);
    // The Tab stop stays on the entry last focused.
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe(ids[3]);
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe(null);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe(ids[3]);
    await screenshot(page, 'palette-roving-focus');
    await expectAccessible(page, 'the palette as a toolbar');

    // Down from the search goes to the first match; Enter adds it at the centre of the view.
    const decisions = () => page.locator('.react-flow__node .fl-node--decision').count();
    const before = await decisions();
    await page.getByRole('searchbox', { name: 'Search node kinds and actions' }).fill('decision');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('kind:decision');
    await page.keyboard.press('Enter');
    await expect.poll(decisions).toBe(before + 1);
    browser.assertNoProblems();
  });
});
