import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/apiClient';
import {
  expectAccessible,
  keepFailure,
  openWorkflow,
  screenshot,
  signIn,
  type TestBrowser,
} from '../support/browser';
import { ADMIN, closeBrowserSuites, createUser, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { inspectorPanel, selectStep } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

const VIEWER = { email: 'ines@example.com', name: 'Ines Viewer', password: 'amber kites over the pier' };
const SCRIPT_NAME = '<script>alert(1)</script>';

/** A workflow with a request form, a ServiceNow task and a decision reading both. */
const TICKETING = {
  schemaVersion: 1,
  id: 'ticketing',
  name: 'Ticketing',
  input: [
    { key: 'system', label: 'System', type: 'string', required: true },
    { key: 'urgent', label: 'Urgent?', type: 'boolean' },
  ],
  nodes: [
    { id: 'request', name: 'Request', kind: 'trigger', trigger: { type: 'form' } },
    {
      id: 'ticket',
      name: 'Open ticket',
      kind: 'task',
      action: 'servicenow.createRecord',
      input: { table: '"incident"', fields: '{"short_description": input.system}' },
    },
    {
      id: 'check',
      name: 'Check ticket',
      kind: 'decision',
      conditions: [{ id: 'opened', label: 'Opened', when: 'nodes.ticket.result.number != ""' }],
    },
    { id: 'done', name: 'Done', kind: 'end' },
    { id: 'other', name: 'Other', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'request', target: 'ticket' },
    { id: 'e2', source: 'ticket', sourceHandle: 'out', target: 'check' },
    { id: 'e3', source: 'ticket', sourceHandle: 'error', target: 'other' },
    { id: 'e4', source: 'check', sourceHandle: 'opened', target: 'done' },
    { id: 'e5', source: 'check', sourceHandle: 'default', target: 'other' },
  ],
  layout: {
    request: { x: 0, y: 0 },
    ticket: { x: 260, y: 0 },
    check: { x: 520, y: 0 },
    done: { x: 780, y: -80 },
    other: { x: 780, y: 120 },
  },
};

// The inspector and live validation's display in a real chromium against the real runtime: the
// form generated from the node kind's schema, the expression editor (CodeMirror, autocomplete,
// inline errors), problems at their field, read-only for a viewer, axe-core, and no CSP report.
describe('the inspector in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;
  let adminPassword: string;

  beforeAll(async () => {
    ({ runtime, api, adminPassword, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      seed: async (admin) => {
        await saveDraft(admin, TICKETING);
        await createUser(admin, { ...VIEWER, roles: ['viewer'] });
      },
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'inspector-'));
  afterAll(closeBrowserSuites);

  const inspector = () => inspectorPanel(page);
  const open = (id: string) => openWorkflow(page, runtime.url, id, 'node');
  const select = (nodeId: string) => selectStep(page, nodeId);
  /** The `data-field` of the field holding keyboard focus (a string: it runs in the page). */
  const focusedField = () =>
    page.evaluate<string | null>(
      `document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? null`,
    );
  /**
   * An expression field: a plain input until CodeMirror is loaded (focusing an expression field
   * loads it), then CodeMirror's content (in its shadow root; locators pierce it).
   */
  const expression = (name: string): Locator =>
    inspector()
      .getByRole('textbox', { name, exact: true })
      .and(page.locator('.cm-content, [data-expression-editor="plain"]'));
  /** The CodeMirror editor of an expression field, loaded by focusing the field when it is not yet. */
  const codeMirror = async (name: string): Promise<Locator> => {
    const field = expression(name);
    const editor = field.and(page.locator('.cm-content'));
    if ((await editor.count()) === 0) await field.click();
    await editor.waitFor();
    return editor;
  };

  it('edits a node through its form: name and a field, the canvas follows, one undo entry per field', async () => {
    await signIn(page, runtime.url, ADMIN, adminPassword);
    await open('access-approval');
    await select('managerApproval');
    await expect(inspector().getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(
      'Manager approval',
    );
    // Fields from the kind's schema, with their help.
    await inspector()
      .getByLabel(/^Title/)
      .waitFor();
    await inspector().getByRole('checkbox', { name: 'Allow delegation' }).waitFor();
    await inspector().getByText('The requester may not decide their own request (on by default)').waitFor();
    await inspector()
      .getByRole('group', { name: 'Exits' })
      .or(inspector().getByRole('heading', { name: 'Exits' }))
      .first()
      .waitFor();

    await inspector().getByLabel('Name', { exact: true }).fill('Line manager approval');
    await page
      .locator('.react-flow__node[data-id="managerApproval"] .fl-node__name')
      .filter({ hasText: 'Line manager approval' })
      .waitFor();
    const title = inspector().getByLabel(/^Title/);
    await title.fill('');
    await title.pressSequentially('Access please');
    await expect(title.inputValue()).resolves.toBe('Access please');
    // The policy is a choice of variants; quorum asks for its count.
    await inspector().getByLabel('Approval policy').selectOption({ label: 'Quorum' });
    await inspector()
      .getByLabel(/^Count/)
      .waitFor();
    await screenshot(page, 'inspector-approval');
    await expectAccessible(page, 'inspector (approval)');
    browser.assertNoProblems();
  });

  it('shows a broken expression inline and as a problem, and the problem goes when it is fixed', async () => {
    await open('ticketing');
    await select('check');
    // Before anything asked for it, CodeMirror is not loaded: the field is a plain input.
    await expect(expression('When').inputValue()).resolves.toBe('nodes.ticket.result.number != ""');
    const when = await codeMirror('When');
    await expect(when.textContent()).resolves.toBe('nodes.ticket.result.number != ""');
    await when.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' &&');
    // The engine's parser error, underlined and said under the field, and in the problems panel.
    await inspector().locator('.cm-lintRange-error').first().waitFor();
    const fieldProblem = inspector().locator('[data-field="conditions.0.when"] .field__problem');
    await fieldProblem.first().waitFor();
    const panel = page.getByRole('list', { name: 'Problems' });
    await panel.getByRole('button').filter({ hasText: 'Check ticket' }).first().waitFor();
    await screenshot(page, 'inspector-expression-error');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(() => fieldProblem.count()).toBe(0);
    await expect.poll(() => panel.getByRole('button').filter({ hasText: 'Check ticket' }).count()).toBe(0);
    browser.assertNoProblems();
  });

  it('autocompletes what is in scope: the request form and an upstream result', async () => {
    const when = expression('When');
    await when.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' && input.');
    const options = inspector().locator('.cm-tooltip-autocomplete li');
    await options.filter({ hasText: 'system' }).first().waitFor();
    await expect(options.allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('urgent')]),
    );
    await page.keyboard.press('Escape'); // closes the list, stays in the editor
    await page.keyboard.type('urgent || nodes.ticket.result.');
    await options.filter({ hasText: 'number' }).first().waitFor();
    await expect(options.allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('sysId')]),
    );
    await screenshot(page, 'inspector-autocomplete');
    await expectAccessible(page, 'inspector with the expression editor and autocomplete');
    await page.keyboard.press('Enter'); // takes the selected option
    await page.keyboard.press('Escape'); // leaves the editor, for its field
    await expect(
      page.evaluate<string | null>(`document.activeElement?.getAttribute('data-field') ?? null`),
    ).resolves.toBe('conditions.0.when');
    // Tab moves on to the next control: the editor does not trap focus.
    await expression('When').click();
    await page.keyboard.press('Tab');
    await expect.poll(focusedField).not.toBe('conditions.0.when');
    browser.assertNoProblems();
  });

  it('focuses the field of a problem chosen in the problems panel', async () => {
    await select('ticket');
    const table = expression('Table');
    await table.waitFor();
    await table.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('"incident" +');
    const problem = page
      .getByRole('list', { name: 'Problems' })
      .getByRole('button')
      .filter({ hasText: 'Open ticket › Input › Table' });
    await problem.waitFor();
    // Select another node, then choose the problem: its node is selected and its field focused.
    await select('request');
    await problem.click();
    await expect.poll(() => focusedField()).toBe('input.table');
    await expect(inspector().getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Open ticket');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('"incident"');
    await screenshot(page, 'inspector-task');
    // The workflow's own settings when nothing is selected (the request form's fields).
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await inspector().getByRole('group', { name: 'Request form' }).waitFor();
    await expect(inspector().getByLabel(/^Name/).first().inputValue()).resolves.toBe('Ticketing');
    // A problem of the workflow itself focuses its field in the workflow's settings.
    const label = inspector().locator('[data-field="input.1.label"] input');
    await label.fill('');
    const formProblem = page
      .getByRole('list', { name: 'Problems' })
      .getByRole('button')
      .filter({ hasText: 'Workflow settings › Field 2 › Label' });
    await select('ticket');
    await formProblem.click();
    await expect.poll(focusedField).toBe('input.1.label');
    await page.keyboard.type('Urgent?');
    await expect.poll(() => formProblem.count()).toBe(0);
    await expectAccessible(page, 'workflow settings');
    await screenshot(page, 'inspector-workflow');
    browser.assertNoProblems();
  });

  it('focuses an expression field of a chosen problem before the code editor is loaded', async () => {
    // A draft with a broken expression, opened in a fresh page: the field is the plain textarea
    // shown until CodeMirror loads (on focus).
    const broken = {
      ...TICKETING,
      id: 'ticketing-broken',
      nodes: TICKETING.nodes.map((n) =>
        n.id === 'ticket' ? { ...n, input: { ...n.input, table: '"incident" +' } } : n,
      ),
    };
    const saved = await api.put('/api/definitions/ticketing-broken', { draftRev: 0, definition: broken });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await open('ticketing-broken');
    await expect(inspector().locator('.cm-content').count()).resolves.toBe(0);
    const problem = page
      .getByRole('list', { name: 'Problems' })
      .getByRole('button')
      .filter({ hasText: 'Open ticket › Input › Table' });
    await problem.click();
    await expect.poll(focusedField).toBe('input.table');
    // Typing lands in the field (in CodeMirror once it has taken over, caret kept).
    await page.keyboard.press('End');
    await page.keyboard.type(' "1"');
    await expect.poll(() => problem.count()).toBe(0);
    await expect(expression('Table').textContent()).resolves.toContain('"incident" + "1"');
    browser.assertNoProblems();
  });

  it('keeps a name like a script as text', async () => {
    await select('done');
    await inspector().getByLabel('Name', { exact: true }).fill(SCRIPT_NAME);
    await page
      .locator('.react-flow__node[data-id="done"] .fl-node__name')
      .filter({ hasText: SCRIPT_NAME })
      .waitFor();
    await expect(page.locator('script:not([src])').count()).resolves.toBe(0);
    browser.assertNoProblems();
  });

  it('looks right in the dark theme', async () => {
    await page.getByTestId('theme-toggle').click();
    await select('check');
    await expression('When').waitFor();
    await expectAccessible(page, 'inspector (dark)');
    await screenshot(page, 'inspector-dark');
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });

  it('shows a viewer the same form read-only, with no edit controls', async () => {
    // Signed out from inside the editor with an edit maybe still waiting: sign-out saves it
    // first (a save after the cookie is gone would be refused and reported here).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, runtime.url, VIEWER.email, VIEWER.password);
    await open('access-approval');
    await select('managerApproval');
    const name = inspector().getByLabel('Name', { exact: true });
    await expect(name.getAttribute('readonly')).resolves.not.toBeNull();
    await expect(inspector().getByLabel('Approval policy').isDisabled()).resolves.toBe(true);
    await expect(
      inspector()
        .getByRole('button', { name: /^Add|^Remove/ })
        .count(),
    ).resolves.toBe(0);
    // Read-only, an expression is a plain read-only input (CodeMirror is not needed for it).
    const assignee = expression('Expression');
    await expect(assignee.getAttribute('readonly')).resolves.not.toBeNull();
    await assignee.click();
    await page.keyboard.type('zzz');
    await expect(assignee.inputValue()).resolves.toBe('input.manager');
    await expectAccessible(page, 'inspector (viewer)');
    await screenshot(page, 'inspector-viewer');
    browser.assertNoProblems();
  });
});
