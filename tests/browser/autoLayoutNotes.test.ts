import { accessApprovalV1 } from '@flowline/examples';
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
import { viewSettled } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

type Box = { id: string; x: number; y: number; width: number; height: number };

/**
 * The access-approval example as drawn before provisioning, with two sticky notes: one above the
 * manager's approval, about it; one right of the drawing, beside "granted", where the laid-out
 * decision lands (a layout that leaves notes where they are puts that step under it).
 */
function noted() {
  const example = accessApprovalV1 as { layout: Record<string, unknown> };
  return {
    ...example,
    id: 'noted-layout',
    name: 'Access, with notes',
    layout: {
      ...example.layout,
      'note-1': { x: 220, y: -20, width: 200, height: 100, note: 'The manager decides within 3 days' },
      'note-2': { x: 1240, y: 60, width: 200, height: 100, note: 'Granted access is reviewed each quarter' },
    },
  };
}

// Auto-layout with sticky notes, in a real chromium against the runtime: the notes move with the
// steps they annotate and none covers a step, in both themes; one undo puts everything back.
describe('auto-layout with sticky notes', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ runtime, browser, page } = await startBrowserSuite({
      seed: (api) => saveDraft(api, noted()),
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'autoLayoutNotes-'));
  afterAll(closeBrowserSuites);

  /** Every step's and note's box on the canvas, in flow coordinates (its transform and size). */
  const boxes = () =>
    page.evaluate<{ steps: Box[]; notes: Box[] }>(`(() => {
      const all = [...document.querySelectorAll('.react-flow__node')].map((el) => {
        const [x, y] = el.style.transform.match(/-?[\\d.]+/g).map(Number);
        return { id: el.dataset.id, note: el.classList.contains('react-flow__node-note'), x, y, width: el.offsetWidth, height: el.offsetHeight };
      });
      const strip = ({ note, ...box }) => box;
      return { steps: all.filter((b) => !b.note).map(strip), notes: all.filter((b) => b.note).map(strip) };
    })()`);
  const meets = (a: Box, b: Box) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  /** Each note over a step or another note, as `note → what`. */
  const covering = ({ steps, notes }: { steps: Box[]; notes: Box[] }) =>
    notes.flatMap((note, i) =>
      [...steps, ...notes.slice(i + 1)].filter((b) => meets(note, b)).map((b) => `${note.id} → ${b.id}`),
    );

  it('moves the notes with the steps they annotate, covering none', async () => {
    await openWorkflow(page, runtime.url, 'noted-layout', 'node');
    const before = await boxes();
    expect(before.notes.map((n) => n.id)).toEqual(['note-1', 'note-2']);
    expect(covering(before)).toEqual([]);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Undo' }).and(page.locator(':not([disabled])')).waitFor();
    await viewSettled(page);
    const after = await boxes();
    const step = (id: string) => after.steps.find((b) => b.id === id)!;
    const note = (id: string) => after.notes.find((b) => b.id === id)!;
    // The layout moved the steps, the notes with them, and nothing is under a note.
    expect(step('managerApproval')).not.toMatchObject({ x: 220, y: 120 });
    expect(covering(after)).toEqual([]);
    // The manager's note is still right above the manager's approval, as before.
    const [manager, managerNote] = [step('managerApproval'), note('note-1')];
    expect(managerNote.y + managerNote.height).toBeLessThanOrEqual(manager.y);
    expect(manager.y - (managerNote.y + managerNote.height)).toBeLessThanOrEqual(60);
    expect(managerNote.x).toBe(manager.x);
    // The other is still beside "granted", right of it.
    const [granted, grantedNote] = [step('granted'), note('note-2')];
    expect(grantedNote.x).toBeGreaterThan(granted.x + granted.width);
    expect(grantedNote.x - (granted.x + granted.width)).toBeLessThanOrEqual(200);
    await screenshot(page, 'auto-layout-notes-light');
    await expectAccessible(page, 'canvas with notes, laid out');
    await page.getByRole('button', { name: /^Switch to dark/ }).click();
    await screenshot(page, 'auto-layout-notes-dark');
    await expectAccessible(page, 'canvas with notes, laid out, dark');
    // Closer, to read the manager's note above its step.
    const shown = (await page.locator('.react-flow__node[data-id="note-1"]').boundingBox())!;
    await page.mouse.move(shown.x + shown.width / 2, shown.y + shown.height);
    for (let i = 0; i < 5; i += 1) await page.mouse.wheel(0, -100);
    await viewSettled(page);
    await screenshot(page, 'auto-layout-notes-near-dark');
    await page.getByRole('button', { name: /^Switch to light/ }).click();
    await screenshot(page, 'auto-layout-notes-near-light');
    browser.assertNoProblems();
  });

  it('puts the notes back with the steps in one undo', async () => {
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(async () => (await boxes()).notes.map(({ id, x, y }) => ({ id, x, y })))
      .toEqual([
        { id: 'note-1', x: 220, y: -20 },
        { id: 'note-2', x: 1240, y: 60 },
      ]);
    const managerApproval = (await boxes()).steps.find((b) => b.id === 'managerApproval')!;
    expect(managerApproval).toMatchObject({ x: 220, y: 120 });
    browser.assertNoProblems();
  });
});
