import { exampleWorkflows } from '@flowline/examples';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../support/apiClient';
import {
  buildDesignerIfStale,
  expectAccessible,
  fillSignIn,
  keepFailure,
  launchBrowser,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { selectStep } from '../support/canvas';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const ADMIN = 'admin@localhost';
const ADMIN_PASSWORD = 'a quiet harbour at dawn';
const VIEWER = { email: 'vera@example.com', name: 'Vera Viewer', password: 'violet lanterns over the bay' };
const SCRIPT_NAME = '<script>alert(1)</script>';
const example = exampleWorkflows[0]!.definition as { name: string; nodes: { id: string; name: string }[] };

// The designer's shell in a real chromium against the real runtime (scratch data directory, the
// examples seeded): sign-in, the one-time password, the workflow list, the read-only canvas, the
// theme, sign-out, a viewer's view, user text as text, and axe-core on every screen.
describe('the designer shell in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  beforeAll(async () => {
    // As `pnpm start` does: build the designer when its build is missing or stale.
    buildDesignerIfStale();
    runtime = await startRuntime({ seedExamples: true });
    browser = await launchBrowser({
      // Before signing in, the app asks who is signed in: nobody (401) is an answer.
      expectedFailures: [
        { method: 'GET', path: /^\/api\/auth\/me$/, status: 401 },
        // The deliberately wrong password, and the taken id of a new workflow.
        { method: 'POST', path: /^\/api\/auth\/sign-in$/, status: 401 },
        { method: 'PUT', path: /^\/api\/definitions\/laptop-request$/, status: 409 },
      ],
    });
    page = await browser.newPage();
  });
  // A failed step leaves its screen and what the browser said behind, to look at.
  afterEach(async ({ task }) => keepFailure(task, page, browser, ''));
  afterAll(async () => {
    await browser?.close();
    await killAllRuntimes();
  });

  it('signs the first admin in, has the one-time password replaced, and lists the examples', async () => {
    expect(runtime.adminPassword, runtime.output()).toBeDefined();
    await page.goto(`${runtime.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in');
    await expectAccessible(page, 'sign-in');

    await fillSignIn(page, ADMIN, 'not the password');
    await page.getByRole('alert').filter({ hasText: 'The e-mail or password is not correct.' }).waitFor();

    await fillSignIn(page, ADMIN, runtime.adminPassword!);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await expectAccessible(page, 'password change');
    await screenshot(page, 'change-password');
    await page.getByLabel('Current password').fill(runtime.adminPassword!);
    await page.getByLabel('New password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await page.getByRole('link', { name: example.name }).waitFor();
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain('admin');
    const row = page.getByRole('row').filter({ hasText: example.name });
    await expect(row.textContent()).resolves.toMatch(/Version 1.*Published/);
    await expect(page.title()).resolves.toBe('Workflows · Flowline');
    await expectAccessible(page, 'workflow list');
    await screenshot(page, 'workflows');
    browser.assertNoProblems();
  });

  it('opens a workflow and draws its nodes on the canvas, with minimap and controls', async () => {
    await page.getByRole('link', { name: example.name }).click();
    await page.locator('.react-flow__node').first().waitFor();
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(example.nodes.length);
    for (const node of example.nodes)
      await expect(page.locator(`.react-flow__node[data-id="${node.id}"]`).textContent()).resolves.toContain(
        node.name,
      );
    await expect(page.locator('.react-flow__edge').count()).resolves.toBeGreaterThan(0);
    await page.locator('.react-flow__minimap').waitFor();
    await page.locator('.react-flow__controls').waitFor();
    await page.getByRole('heading', { name: 'Node kinds' }).waitFor();

    await selectStep(page, 'managerApproval');
    await page
      .getByRole('complementary')
      .filter({ hasText: 'Manager approval' })
      .getByText('Approval')
      .first()
      .waitFor();
    await expectAccessible(page, 'editor');
    await screenshot(page, 'editor');
    browser.assertNoProblems();
  });

  it('switches to the dark theme and remembers it', async () => {
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    await expectAccessible(page, 'editor (dark)');
    await screenshot(page, 'editor-dark');
    await page.getByRole('link', { name: 'Workflows' }).first().click();
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await expectAccessible(page, 'workflow list (dark)');
    await screenshot(page, 'workflows-dark');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('light');
    browser.assertNoProblems();
  });

  it('creates an empty workflow from the list and opens it', async () => {
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByRole('dialog', { name: 'New workflow' }).waitFor();
    await page.getByLabel('Name').fill('Laptop request');
    await expect(page.getByLabel('Id', { exact: true }).inputValue()).resolves.toBe('laptop-request');
    await expectAccessible(page, 'new workflow dialog');
    await screenshot(page, 'new-workflow');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByText('This workflow has no steps yet.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/workflows/laptop-request');

    // The same id again: refused, said in a sentence beside the form.
    await page.goto(`${runtime.url}/workflows`);
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Name').fill('Laptop request');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page
      .getByRole('dialog')
      .getByRole('alert')
      .filter({ hasText: 'A workflow with the id “laptop-request” already exists.' })
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    browser.assertNoProblems();
  });

  it('deletes a workflow never published, after asking, and offers no delete for a published one', async () => {
    await page.goto(`${runtime.url}/workflows`);
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: 'Laptop request' }).waitFor();
    // The examples are published: their requests depend on them.
    await expect(
      rows
        .filter({ hasText: example.name })
        .getByRole('button', { name: /^Delete/ })
        .count(),
    ).resolves.toBe(0);
    await page.getByRole('button', { name: 'Delete Laptop request' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Laptop request”?' });
    await dialog.getByText('deleting it cannot be undone').waitFor();
    await expectAccessible(page, 'delete workflow dialog');
    await screenshot(page, 'workflow-delete');
    await dialog.getByRole('button', { name: 'Delete workflow' }).click();
    // Seen, not only announced: the row it removed leaves no other trace.
    const result = page.getByRole('status').filter({ hasText: 'Deleted “Laptop request”.' });
    await result.waitFor({ state: 'visible' });
    const box = await result.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    expect(box?.height ?? 0).toBeGreaterThan(10);
    await expect.poll(() => rows.filter({ hasText: 'Laptop request' }).count()).toBe(0);
    await expectAccessible(page, 'workflows list after deleting a draft');
    await screenshot(page, 'workflow-deleted');
    browser.assertNoProblems();
  });

  it('renders a workflow named like a script as text', async () => {
    api = createApiClient(runtime.url);
    expect((await api.signIn(ADMIN, ADMIN_PASSWORD)).status).toBe(200);
    const saved = await api.put('/api/definitions/script-name', {
      draftRev: 0,
      definition: {
        schemaVersion: 1,
        id: 'script-name',
        name: SCRIPT_NAME,
        nodes: [{ id: 'start', name: SCRIPT_NAME, kind: 'trigger', trigger: { type: 'manual' } }],
        layout: { start: { x: 0, y: 0 } },
      },
    });
    expect(saved.status).toBe(200);
    await page.goto(`${runtime.url}/workflows`);
    const link = page.getByRole('link', { name: SCRIPT_NAME });
    await link.waitFor();
    await expect(link.textContent()).resolves.toBe(SCRIPT_NAME);
    await link.click();
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await expect(
      page.locator('.react-flow__node[data-id="start"] .fl-node__name').textContent(),
    ).resolves.toBe(SCRIPT_NAME);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(SCRIPT_NAME);
    await expect(page.title()).resolves.toBe(`${SCRIPT_NAME} · Flowline`);
    // No element came from the name: the page has only the app's own scripts.
    const inlineScripts = await page.locator('script:not([src])').count();
    expect(inlineScripts).toBe(0);
    browser.assertNoProblems(); // an alert() would have been collected as an unexpected dialog
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${runtime.url}/workflows`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/workflows');
    browser.assertNoProblems();
  });

  it('shows a viewer the workflows read-only, with no edit controls', async () => {
    const created = await api.post('/api/users', { ...VIEWER, roles: ['viewer'] });
    expect(created.status).toBe(201);
    await fillSignIn(page, VIEWER.email, VIEWER.password);

    await page.getByRole('link', { name: example.name }).waitFor();
    await expect(page.getByRole('button', { name: 'New workflow' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'workflow list (viewer)');
    await page.getByRole('link', { name: example.name }).click();
    await page.locator('.react-flow__node').first().waitFor();
    await page.getByText('Read-only').waitFor();
    await expect(page.getByRole('heading', { name: 'Node kinds' }).count()).resolves.toBe(0);
    await expect(page.locator('.react-flow__handle.connectionindicator').count()).resolves.toBe(0);
    await expect(page.locator('.react-flow__node.draggable').count()).resolves.toBe(0);
    await expectAccessible(page, 'editor (viewer)');
    await screenshot(page, 'editor-viewer');
    browser.assertNoProblems();
  });
});
