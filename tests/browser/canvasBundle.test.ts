import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from '@flowline/designer/build';
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

const CONDITION = 'input.accessLevel == "admin" || input.system == "prod-db"';

/**
 * What the built files of the heavy parts say, whatever their chunk is called: CodeMirror's lint
 * class (its chunk), xstate's init event (the compiler a test run and the statechart need), an
 * option of the CEL library (the expression parser: renaming an id, duplicate, paste, CodeMirror).
 */
const MARKERS = {
  codemirror: 'cm-lintRange',
  xstate: 'xstate.init',
  reactFlow: 'react-flow__pane',
  cel: 'homogeneousAggregateLiterals',
};

// What the editor route loads before anyone asks for more, in a real chromium against the
// runtime: the scripts the page requests (read from the build, so chunk names do not matter).
// CodeMirror arrives only when an expression field is focused, the compiler only with the test
// run, the expression parser with the first edit that rewrites expressions (the validation worker
// has its own copy); an expression field before that is a plain input that looks the same and
// loses no key.
describe('the editor loads its heavy parts lazily', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let adminPassword: string;
  const scripts: string[] = [];
  /** The requested scripts whose built file contains `marker`. */
  const requestedWith = (marker: string) =>
    scripts.filter((path) => readFileSync(join(DIST, path)).includes(marker));

  beforeAll(async () => {
    ({ runtime, adminPassword, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
    }));
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (/^\/assets\/[^/]+\.js$/.test(path)) scripts.push(path);
    });
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'canvasBundle-'));
  afterAll(closeBrowserSuites);

  const inspector = () => page.getByRole('complementary', { name: /Step|Workflow settings/ });
  const whenField = () => inspector().locator('[data-field="conditions.0.when"]');

  it('opens the editor and an expression field without requesting CodeMirror, the compiler or the parser', async () => {
    await signIn(page, runtime.url, ADMIN, adminPassword);
    await openWorkflow(page, runtime.url, 'access-approval', 'node');
    await selectStep(page, 'privileged');
    const plain = whenField().locator('[data-expression-editor="plain"]');
    await expect(plain.inputValue()).resolves.toBe(CONDITION);
    await page.waitForLoadState('networkidle');
    // The editor's own chunks were seen (the check below is not vacuous)…
    expect(requestedWith(MARKERS.reactFlow).length).toBe(1);
    // …and neither CodeMirror nor xstate was among them.
    expect(requestedWith(MARKERS.codemirror)).toEqual([]);
    expect(requestedWith(MARKERS.xstate)).toEqual([]);
    expect(requestedWith(MARKERS.cel).filter((path) => !/worker/i.test(path))).toEqual([]);
    // The plain field is labelled like the editor it stands for.
    await expect(
      inspector().getByRole('textbox', { name: 'When', exact: true }).getAttribute('data-expression-editor'),
    ).resolves.toBe('plain');
    await plain.scrollIntoViewIfNeeded();
    await screenshot(page, 'bundle-expression-plain');
    await expectAccessible(page, 'inspector with a plain expression field');
    browser.assertNoProblems();
  });

  it('loads CodeMirror when the field is focused: keys typed meanwhile stay, focus and caret carry over', async () => {
    const plainBox = (await whenField().locator('[data-expression-editor="plain"]').boundingBox())!;
    // CodeMirror's chunk answers slowly, so typing happens while it is on its way.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/[^/]+\.js$/, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (readFileSync(join(DIST, path)).includes(MARKERS.codemirror)) await held;
      await route.continue();
    });
    await whenField().getByRole('textbox').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' &&');
    await expect.poll(() => requestedWith(MARKERS.codemirror).length).toBe(1);
    await expect(whenField().locator('[data-expression-editor="plain"]').inputValue()).resolves.toBe(
      `${CONDITION} &&`,
    );
    release();
    const editor = whenField().locator('.cm-content');
    await editor.waitFor();
    await page.unroute(/\/assets\/[^/]+\.js$/);
    // Focus moved into CodeMirror with the caret at the end, where it was: typing goes on there.
    await expect
      .poll(() =>
        page.evaluate<boolean>(
          `document.activeElement?.shadowRoot?.activeElement?.classList.contains('cm-content') ?? false`,
        ),
      )
      .toBe(true);
    await page.keyboard.type(' input.');
    // Autocomplete and the engine's inline errors work in it.
    const options = inspector().locator('.cm-tooltip-autocomplete li');
    await options.filter({ hasText: 'system' }).first().waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.type('urgent ||');
    await inspector().locator('.cm-lintRange-error').first().waitFor();
    await expect(editor.textContent()).resolves.toBe(`${CONDITION} && input.urgent ||`);
    await screenshot(page, 'bundle-expression-codemirror');
    // Undo puts the condition back (what was typed before and after the swap is one edit).
    await page.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(() => editor.textContent()).toBe(CONDITION);
    // The plain text box had the editor's size for the same text: nothing jumps at the swap.
    const host = (await whenField().locator('[data-expression-editor]').boundingBox())!;
    expect(Math.abs(host.height - plainBox.height)).toBeLessThanOrEqual(1);
    expect(Math.abs(host.width - plainBox.width)).toBeLessThanOrEqual(1);
    // The compiler arrives with the test run.
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Run test' }).waitFor();
    expect(requestedWith(MARKERS.xstate).length).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, 'inspector with CodeMirror loaded');
    browser.assertNoProblems();
  });
});
