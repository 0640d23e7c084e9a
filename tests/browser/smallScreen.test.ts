import { exampleWorkflows } from '@flowline/examples';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keepFailure, openWorkflow, screenshot, type TestBrowser } from '../support/browser';
import { closeBrowserSuites, createUser, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { selectStep } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

const access = exampleWorkflows.find((w) => (w.definition as { id: string }).id === 'access-approval')!
  .definition as Record<string, unknown>;
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

// Everything reachable on a small laptop screen (1024 × 700) as on a large one: the editor's
// canvas opening on the whole workflow, not covered by the minimap nor squeezed by the bottom
// panel, the runs table scrolling sideways, the run's diagram fitted whole.
describe('the designer at 1024 × 700 and at 1440 × 900', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let runId: string;

  beforeAll(async () => {
    ({ runtime, browser, page } = await startBrowserSuite({
      seed: async (admin) => {
        await saveDraft(admin, { ...access, id: 'wide', name: 'Wide workflow' });
        expect((await admin.post('/api/definitions/wide/publish')).status).toBe(201);
        // A person field must name an active user (the runtime checks at start), and not the one
        // who starts it (that would be an incident for segregation of duties).
        const manager = await createUser(admin, {
          email: 'max@example.com',
          name: 'Max Manager',
          password: 'amber lanterns over the quay',
          roles: ['approver'],
        });
        const started = await admin.post<{ id: string }>('/api/instances', {
          workflowId: 'wide',
          input: { system: 'erp', accessLevel: 'read', justification: 'Month-end close', manager },
        });
        expect(started.status, JSON.stringify(started.body)).toBe(201);
        runId = started.body.id;
      },
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'smallScreen-'));
  afterAll(closeBrowserSuites);

  const box = async (locator: Locator) => (await locator.boundingBox())!;
  /** The nodes drawn partly outside the canvas (their ids), once the opening fit has settled. */
  const nodesOutside = async (canvas: Locator) => {
    const frame = await box(canvas);
    const nodes = await page.locator('.react-flow__node').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute('data-id'), x: r.x, y: r.y, right: r.right, bottom: r.bottom };
      }),
    );
    return nodes
      .filter(
        (n) =>
          n.x < frame.x - 1 ||
          n.y < frame.y - 1 ||
          n.right > frame.x + frame.width + 1 ||
          n.bottom > frame.y + frame.height + 1,
      )
      .map((n) => n.id);
  };

  for (const size of SIZES) {
    const name = `${size.width}x${size.height}`;
    const small = size.width < 1200;

    it(`editor at ${name}: the minimap only with room for it, the bottom panel no taller than needed`, async () => {
      await page.setViewportSize(size);
      await openWorkflow(page, runtime.url, 'wide', 'node');
      // The whole workflow in view on opening, none of it cut off at the canvas's edges.
      await expect.poll(() => nodesOutside(page.locator('.editor__canvas .react-flow'))).toEqual([]);
      await expect(page.locator('.react-flow__node').count()).resolves.toBeGreaterThan(8);
      await selectStep(page, 'managerApproval');
      await page.waitForTimeout(300);
      await expect(page.locator('.react-flow__minimap').count()).resolves.toBe(small ? 0 : 1);
      const panel = await box(page.getByRole('region', { name: 'Problems, test run and statechart' }));
      expect(panel.height).toBeLessThanOrEqual(small ? 140 : 201);
      const canvas = await box(page.locator('.editor__canvas'));
      expect(canvas.height).toBeGreaterThan(small ? 380 : 500);
      await screenshot(page, `small-screen-editor-${name}`);
      browser.assertNoProblems();
    });

    it(`runs list at ${name}: every column reachable`, async () => {
      await page.setViewportSize(size);
      await page.goto(`${runtime.url}/runs`);
      await page.getByTestId('run-row').first().waitFor();
      const table = page.getByRole('table', { name: 'Runs' });
      // The page itself does not scroll sideways: the table does, under the pointer (a wheel or
      // trackpad moves only what the user can scroll, unlike setting scrollLeft).
      await expect(
        page.evaluate<boolean>(
          'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
        ),
      ).resolves.toBe(true);
      await page.getByRole('columnheader', { name: 'Run', exact: true }).hover();
      await page.mouse.wheel(2000, 0);
      await page.waitForTimeout(300);
      // Scrolled to its right end, the last column is inside the table and the window.
      const header = await box(page.getByRole('columnheader', { name: 'Last change' }));
      const frame = await box(table);
      expect(header.x + header.width).toBeLessThanOrEqual(Math.min(frame.x + frame.width, size.width) + 1);
      const started = await box(page.getByRole('columnheader', { name: 'Started', exact: true }));
      expect(started.x).toBeGreaterThanOrEqual(frame.x);
      await page.mouse.wheel(-2000, 0);
      await screenshot(page, `small-screen-runs-${name}`);
      browser.assertNoProblems();
    });

    it(`users table at ${name}: each action in its own column, none cut off`, async () => {
      await page.setViewportSize(size);
      await page.goto(`${runtime.url}/admin/users`);
      const table = page.getByRole('table');
      await expect.poll(() => table.getByRole('button', { name: /^Edit / }).count()).toBe(2);
      const frame = await box(page.locator('.card').filter({ has: table }));
      const lefts = async (name: RegExp) => {
        const found: number[] = [];
        for (const button of await table.getByRole('button', { name }).all()) {
          const at = await box(button);
          expect(at.x + at.width, String(name)).toBeLessThanOrEqual(frame.x + frame.width);
          found.push(Math.round(at.x));
        }
        return found;
      };
      // The signed-in admin's row has "You" where the others have Deactivate: Edit and Reset
      // password still line up.
      expect(new Set(await lefts(/^Edit /)).size).toBe(1);
      expect(new Set(await lefts(/^Reset password of /)).size).toBe(1);
      expect(await lefts(/^Deactivate /)).toHaveLength(1);
      await screenshot(page, `small-screen-users-${name}`);
      browser.assertNoProblems();
    });

    it(`request page at ${name}: the answers in one column beside one-line labels`, async () => {
      await page.setViewportSize(size);
      await page.goto(`${runtime.url}/requests/${runId}`);
      const details = page.locator('.details');
      await details.locator('dd').first().waitFor();
      const answers = await details
        .locator('dd')
        .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().x)));
      expect(new Set(answers).size).toBe(1);
      const labels = await details
        .locator('dt')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
      expect(Math.max(...labels)).toBeLessThan(30);
      await screenshot(page, `small-screen-request-${name}`);
      browser.assertNoProblems();
    });

    it(`run page at ${name}: the whole diagram in view`, async () => {
      await page.setViewportSize(size);
      await page.goto(`${runtime.url}/runs/${runId}`);
      await page.locator('.react-flow__node[data-id="request"]').waitFor();
      await page.waitForTimeout(500);
      const canvas = await box(page.locator('.run-page__canvas'));
      for (const id of ['request', 'granted', 'addToGroup', 'serviceDesk']) {
        const node = await box(page.locator(`.react-flow__node[data-id="${id}"]`));
        expect(node.x, id).toBeGreaterThanOrEqual(canvas.x);
        expect(node.x + node.width, id).toBeLessThanOrEqual(canvas.x + canvas.width);
        expect(node.y, id).toBeGreaterThanOrEqual(canvas.y);
        expect(node.y + node.height, id).toBeLessThanOrEqual(canvas.y + canvas.height);
      }
      await expect(page.locator('.react-flow__minimap').count()).resolves.toBe(small ? 0 : 1);
      await screenshot(page, `small-screen-run-${name}`);
      browser.assertNoProblems();
    });
  }
});
