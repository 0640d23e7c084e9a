import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, type ApiClient } from '../support/apiClient';
import {
  expectAccessible,
  keepFailure,
  openWorkflow,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { inspectorPanel } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

/** A desk ticket's runs, known by the ticket number the requester gives. */
const deskTickets = {
  id: 'desk-tickets',
  name: 'Desk ticket',
  businessKey: 'input.ticket',
  input: [{ key: 'ticket', label: 'Ticket number', type: 'string', required: true }],
  nodes: [
    { id: 'start', name: 'Request', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'done' }],
};

// The business key in a real chromium against the real runtime: two runs with different keys, a
// prefix typed into the runs list's search finds only the one it starts, the run page shows its
// key, and the workflow settings edit the expression with the engine's problems at the field.
describe('business keys: finding a run by the ticket it is about', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  const rows = () => page.getByTestId('run-row');
  const waitForRows = (count: number) =>
    pollUntil(`${count} rows`, async () => ((await rows().count()) === count ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 100,
    });
  const start = async (ticket: string) => {
    const started = await api.post<{ id: string; businessKey?: string }>('/api/instances', {
      workflowId: 'desk-tickets',
      input: { ticket },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.businessKey).toBe(ticket);
  };

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      seed: async (admin) => {
        api = admin;
        await saveDraft(api, deskTickets);
        const published = await api.post('/api/definitions/desk-tickets/publish');
        expect(published.status, JSON.stringify(published.body)).toBe(201);
        await start('INC0012345');
        await start('RITM0012345');
      },
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'business-keys-'));
  afterAll(closeBrowserSuites);

  it('finds only the run whose key starts with the text typed, and keeps the search in the URL', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await waitForRows(2);
    // Each row names its key before the version (the rows' secondary line).
    await expect(page.getByTestId('run-business-key').allTextContents()).resolves.toEqual([
      'RITM0012345',
      'INC0012345',
    ]);

    const search = page.getByLabel('Business key', { exact: true });
    await search.fill('INC00');
    await waitForRows(1);
    await rows().first().getByTestId('run-business-key').getByText('INC0012345', { exact: true }).waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe('?key=INC00');
    await expectAccessible(page, 'runs list, searched by business key');
    await screenshot(page, 'business-key-search');
    await page.getByTestId('theme-toggle').click();
    await expectAccessible(page, 'runs list, searched by business key (dark)');
    await screenshot(page, 'business-key-search-dark');
    await page.getByTestId('theme-toggle').click();

    // A prefix is case-sensitive, as keys are: nothing starts with "inc".
    await search.fill('inc');
    await page.getByText('No run matches these filters').waitFor();
    // Opened from its URL, the list searches again; the run page shows the key beside its title.
    await page.goto(`${runtime.url}/runs?key=RITM`);
    await waitForRows(1);
    await expect(page.getByLabel('Business key', { exact: true }).inputValue()).resolves.toBe('RITM');
    await rows().first().getByRole('link').click();
    await page.getByTestId('run-business-key').getByText('RITM0012345').waitFor();
    await screenshot(page, 'business-key-run');
    browser.assertNoProblems();
  });

  it('edits the business key expression in the workflow settings, with its problems at the field', async () => {
    await openWorkflow(page, runtime.url, 'desk-tickets', 'node');
    const settings = inspectorPanel(page);
    await settings.getByRole('heading', { name: 'Workflow settings' }).waitFor();
    const field = settings.locator('[data-field="businessKey"]');
    const editor = (): Locator => field.locator('.cm-content, [data-expression-editor="plain"]');
    await expect(editor().first().inputValue()).resolves.toBe('input.ticket');

    await editor().first().click();
    const codeMirror = field.locator('.cm-content');
    await codeMirror.waitFor();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('input.number');
    await field.locator('.field__problem').filter({ hasText: 'no such field' }).waitFor();
    await screenshot(page, 'business-key-settings-problem');
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'business-key-settings-problem-dark');
    await page.getByTestId('theme-toggle').click();
    await expectAccessible(page, 'workflow settings with a business key problem');

    await codeMirror.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('"DESK-" + input.ticket');
    await expect.poll(() => field.locator('.field__problem').count()).toBe(0);
    await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    browser.assertNoProblems();
  });
});
