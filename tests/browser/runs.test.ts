import { startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { expectAccessible, keepFailure, screenshot, signIn, type TestBrowser } from '../support/browser';
import { ADMIN, closeBrowserSuites, createUser, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { clickNode } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

const VIEWER = { email: 'vera@example.test', password: 'quiet otter paints blue kites' };
const REQUESTER = { email: 'rhea@example.test', password: 'amber lanterns over the quay' };

/** Opens a ticket at the service desk (a local peer) over HTTP: one attempt, no error edge. */
const ticketing = {
  id: 'ticketing',
  name: 'Open a desk ticket',
  input: [{ key: 'summary', label: 'Summary', type: 'text', required: true }],
  nodes: [
    { id: 'start', name: 'Request', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'call',
      name: 'Create ticket',
      kind: 'task',
      action: 'http.request',
      connection: 'desk',
      input: { method: '"POST"', url: '"/tickets"' },
      retry: { maxAttempts: 1 },
    },
    { id: 'done', name: 'Ticket open', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'call' },
    { id: 'e2', source: 'call', target: 'done' },
  ],
};
const quick = {
  id: 'quick',
  name: 'Say hello',
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    { id: 'done', name: 'Done', kind: 'end', output: { greeting: '"hello"' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'done' }],
};

interface Detail {
  status: string;
  incidents: unknown[];
}

// The runs screen in a real chromium against the real runtime: the list with its filters, a run
// whose connector fails (a local HTTP peer answering 500), retried from the run view once the
// peer is fixed, a cancel, and what a viewer may not do.
describe('runs: list, run view, incidents and retry in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;
  let peer: HttpPeer;
  let failing = true;
  /** While set, the desk answers nothing yet: a retried call is seen running before it fails. */
  let held: Promise<void> | undefined;
  let release = () => {};
  const ticketRuns: string[] = [];

  const detail = (id: string) => api.get<Detail>(`/api/instances/${encodeURIComponent(id)}`);
  const rows = () => page.getByTestId('run-row');
  /** A row's cell under the column named so (a list an operator may act on starts with a tick box). */
  const cell = async (row: ReturnType<Page['locator']>, name: string) => {
    await page.getByRole('columnheader', { name, exact: true }).waitFor();
    const names = await page.getByRole('columnheader').allTextContents();
    expect(names).toContain(name);
    return row.getByRole('cell').nth(names.indexOf(name));
  };
  const waitForRows = (count: number) =>
    pollUntil(`${count} rows`, async () => ((await rows().count()) === count ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 100,
    });
  const publish = async (definition: { id: string; [key: string]: unknown }) => {
    await saveDraft(api, definition);
    const published = await api.post(`/api/definitions/${definition.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  };
  const start = async (workflowId: string, input: object = {}) => {
    const started = await api.post<{ id: string }>('/api/instances', { workflowId, input });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body.id;
  };

  beforeAll(async () => {
    peer = await startHttpPeer({
      'POST /tickets': async () => {
        await held;
        return failing
          ? { status: 500, json: { error: 'The desk is down' } }
          : { status: 201, json: { id: 'T-1' } };
      },
    });
    ({ runtime, api, browser, page } = await startBrowserSuite({
      seed: async (admin) => {
        api = admin;
        await createUser(api, { ...VIEWER, name: 'Vera Viewer', roles: ['viewer'] });
        const connection = await api.put('/api/connections/http/desk', {
          credentials: { auth: { type: 'none' } },
          settings: { baseUrl: peer.url },
        });
        expect(connection.status, JSON.stringify(connection.body)).toBe(200);
        await publish(ticketing);
        await publish(quick);
        await start('quick');
        await start('quick');
        for (const summary of ['Printer on fire', 'VPN down', 'New laptop'])
          ticketRuns.push(await start('ticketing', { summary }));
        for (const id of ticketRuns)
          await pollUntil(
            'the failed call to become an incident',
            async () => ((await detail(id)).body.incidents.length === 1 ? true : undefined),
            { timeoutMs: 20_000, intervalMs: 100 },
          );
      },
      expectedFailures: [
        // The live stream of the signed-out tab, reconnecting before the next sign-in.
        { method: 'GET', path: /^\/api\/stream$/, status: 401 },
        // A start from the editor without its required input: the dialog shows the refusal.
        { method: 'POST', path: /^\/api\/instances$/, status: 400 },
      ],
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'runs-'));
  afterAll(async () => {
    release();
    await closeBrowserSuites();
    await peer?.close();
  });

  it('lists the runs, and the filters narrow them through the URL', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await waitForRows(5);
    // "Waiting in" names the step a running run is in, as the run page does; an ended run waits nowhere.
    const waitingIn = async (workflow: string) =>
      (await cell(rows().filter({ hasText: workflow }).first(), 'Waiting in')).textContent();
    await expect.poll(() => waitingIn('Open a desk ticket')).toBe('Create ticket');
    await expect(waitingIn('Say hello')).resolves.toBe('—');
    await expectAccessible(page, 'runs list');
    await screenshot(page, 'runs-list');

    await page.getByLabel('Workflow', { exact: true }).selectOption('ticketing');
    await waitForRows(3);
    expect(new URL(page.url()).search).toBe('?workflow=ticketing');
    await page.getByLabel('Version', { exact: true }).selectOption('1');
    await page.getByLabel('Status', { exact: true }).selectOption('completed');
    await page.getByText('No run matches these filters').waitFor();
    expect(new URL(page.url()).search).toBe('?workflow=ticketing&version=1&status=completed');
    await page.getByLabel('Status', { exact: true }).selectOption('running');
    await waitForRows(3);
    await expectAccessible(page, 'runs list, filtered');
    await screenshot(page, 'runs-list-filtered');

    // A date range that starts tomorrow holds none; one that ends before it starts is said.
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await page.getByLabel('First day').fill(day(1));
    await page.getByText('No run matches these filters').waitFor();
    await page.getByLabel('Last day').fill(day(0));
    await page.getByText('The last day is before the first day').waitFor();
    await page.getByLabel('First day').fill(day(0));
    await waitForRows(3);

    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await waitForRows(5);
    expect(new URL(page.url()).search).toBe('');
    // The three failed tickets carry an incident marker; "Has incident" keeps only them.
    await expect(page.getByTestId('run-row').filter({ hasText: 'Incident' }).count()).resolves.toBe(3);
    await page.getByRole('button', { name: 'Has incident' }).click();
    await waitForRows(3);
    expect(new URL(page.url()).search).toBe('?incident=1');
    await expect(
      page.getByRole('button', { name: 'Has incident' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await expectAccessible(page, 'runs list, runs with an incident');
    await screenshot(page, 'runs-list-incidents');
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await waitForRows(5);
    // A run started elsewhere appears without a reload.
    await page.evaluate(`window.__sameDocument = true`);
    await start('quick');
    await waitForRows(6);
    await expect(page.evaluate('window.__sameDocument === true')).resolves.toBe(true);
    await page.getByTestId('theme-toggle').click();
    await expectAccessible(page, 'runs list (dark)');
    await screenshot(page, 'runs-list-dark');
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });

  it('opens a run with a click anywhere on its row, not only on its name', async () => {
    const [id] = ticketRuns;
    await page.goto(`${runtime.url}/runs?workflow=ticketing`);
    const row = rows().filter({ has: page.locator(`a[href="/runs/${id}"]`) });
    await (await cell(row, 'Waiting in')).click();
    await page.waitForURL(`${runtime.url}/runs/${id}`);
    await page.getByTestId('incident').first().waitFor();
    browser.assertNoProblems();
  });

  it('shows the failing call as an incident; Retry after the peer is fixed completes the run live', async () => {
    const [id] = ticketRuns;
    await page.goto(`${runtime.url}/runs?workflow=ticketing`);
    await page.locator(`a[href="/runs/${id}"]`).click();
    const incident = page.getByTestId('incident');
    await incident.getByText('“Create ticket” needs an operator after 1 attempt').waitFor();
    await incident.getByText(/HTTP_500/).waitFor();
    // What to do about it: where the connection is fixed, and the list's retry of every run after an outage.
    const hint = incident.getByTestId('incident-hint');
    await hint.getByText(/the “desk” connection points where it should/).waitFor();
    await expect(hint.getByRole('link', { name: 'Open Connections' }).getAttribute('href')).resolves.toBe(
      '/admin/connections',
    );
    await page.locator('.react-flow__node[data-id="call"].fl-mark--error').waitFor();
    await page.locator('.react-flow__node[data-id="start"].fl-mark--taken').waitFor();
    await expect(page.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('running');
    const steps = page.getByTestId('run-step');
    await steps.first().getByText('Failed').waitFor();
    await steps.first().getByText('Input').click();
    await steps.first().getByText('"/tickets"').waitFor();
    await expectAccessible(page, 'run view with an incident');
    await screenshot(page, 'runs-run-incident');
    await page.getByTestId('theme-toggle').click();
    await expectAccessible(page, 'run view with an incident (dark)');
    await screenshot(page, 'runs-run-incident-dark');
    await page.getByTestId('theme-toggle').click();

    // The page is not reloaded from here on: this mark would be gone.
    await page.evaluate(`window.__sameDocument = true`);
    failing = false;
    await page.getByRole('button', { name: 'Retry “Create ticket”' }).click();
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('incidents').count()).resolves.toBe(0);
    await expect(page.evaluate('window.__sameDocument === true')).resolves.toBe(true);
    expect((await detail(id!)).body.status).toBe('completed');
    await steps.first().getByText('Succeeded').waitFor();
    await expect(steps.count()).resolves.toBe(2);
    await page.locator('.react-flow__node[data-id="done"].fl-mark--taken').waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('run-timeline').getByText('“Create ticket” retried').waitFor();
    await expect(page.getByRole('button', { name: 'Cancel run' }).count()).resolves.toBe(0);
    // A node picked on the canvas narrows the history to it.
    await clickNode(page, 'start');
    await page.getByText('Showing “Request” only.').waitFor();
    await page.getByTestId('run-timeline').getByText('Started (version 1)').waitFor();
    await expect(page.getByTestId('run-timeline').getByText('“Create ticket” retried').count()).resolves.toBe(
      0,
    );
    await page.getByRole('button', { name: 'Show all steps' }).click();
    await page.getByTestId('run-timeline').getByText('“Create ticket” retried').waitFor();
    await expectAccessible(page, 'run view, completed');
    await screenshot(page, 'runs-run-completed');
    browser.assertNoProblems();
  });

  it('says a retry made the step run again, and stops saying it once the step fails again', async () => {
    const id = ticketRuns[2]!;
    failing = true;
    await page.goto(`${runtime.url}/runs/${id}`);
    const incident = page.getByTestId('incident');
    await incident.getByText('“Create ticket” needs an operator after 1 attempt').waitFor();
    held = new Promise((resolve) => (release = resolve));
    await page.getByRole('button', { name: 'Retry “Create ticket”' }).click();
    // While the desk holds the retried call, the page says the step runs again.
    await page
      .getByText(/runs again/)
      .first()
      .waitFor();
    release();
    held = undefined;
    // Failed again: a new incident, with no word of the retry under it.
    await incident
      .getByText(/“Create ticket” needs an operator after [2-9] attempts/)
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByText(/runs again/).count()).toBe(0);
    await screenshot(page, 'runs-run-retry-failed-again');
    browser.assertNoProblems();
  });

  it('cancels a run after asking, with the reason in its history', async () => {
    const id = ticketRuns[1]!;
    await page.goto(`${runtime.url}/runs/${id}`);
    await page.getByTestId('incident').waitFor();
    await page.getByRole('button', { name: 'Cancel run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this run?' });
    await dialog.waitFor();
    await dialog.getByLabel(/Reason/).fill('Raised twice');
    await expectAccessible(page, 'cancel dialog');
    await screenshot(page, 'runs-cancel-dialog');
    await dialog.getByRole('button', { name: 'Cancel the run' }).click();
    await page.locator('[data-testid="run-status"][data-status="cancelled"]').waitFor();
    // Who cancelled it and why, at the top of the run: not only at the end of its history.
    await expect
      .poll(() => page.getByTestId('run-ended').textContent())
      .toMatch(/^Cancelled by you (just now|\d+ seconds? ago): Raised twice$/);
    await page.getByTestId('run-ended').locator('q[dir="auto"]', { hasText: 'Raised twice' }).waitFor();
    await screenshot(page, 'runs-cancelled-note');
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('run-timeline').getByText('Raised twice').waitFor();
    // Someone's writing: in its own direction, isolated so direction controls in it reorder nothing else.
    const reason = page.getByTestId('run-timeline').locator('blockquote', { hasText: 'Raised twice' });
    await expect(
      reason.evaluate((el) => [
        el.getAttribute('dir'),
        el.ownerDocument.defaultView!.getComputedStyle(el).unicodeBidi,
      ]),
    ).resolves.toEqual(['auto', 'isolate']);
    expect((await detail(id)).body.status).toBe('cancelled');
    // In the list, a cancelled run waits nowhere: its status says it was cancelled.
    await page.goto(`${runtime.url}/runs?status=cancelled`);
    await waitForRows(1);
    await expect((await cell(rows().first(), 'Waiting in')).textContent()).resolves.toBe('—');
    browser.assertNoProblems();
  });

  it('shows a viewer the incident but no Retry or Cancel', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, runtime.url, VIEWER.email, VIEWER.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await waitForRows(6);
    await page.goto(`${runtime.url}/runs/${ticketRuns[2]!}`);
    await page
      .getByTestId('incident')
      .getByText(/HTTP_500/)
      .waitFor();
    await page.getByText('Someone with the retry permission can retry it.').waitFor();
    await expect(page.getByRole('button', { name: /Retry/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Cancel/ }).count()).resolves.toBe(0);
    await expectAccessible(page, 'run view (viewer)');
    await screenshot(page, 'runs-run-viewer');
    browser.assertNoProblems();
  });

  it('keeps a long list virtualised and loads the next pages as it scrolls', async () => {
    for (let i = 0; i < 300; i += 1) await start('quick');
    await page.goto(`${runtime.url}/runs?workflow=quick`);
    await page.getByText('100 of 303 runs loaded; more as you scroll').waitFor();
    // Only the rows in view (and a few around them) are in the page.
    expect(await rows().count()).toBeLessThan(40);
    const scroller = page.getByTestId('runs-scroller');
    for (let i = 0; i < 20; i += 1) {
      await scroller.hover();
      await page.mouse.wheel(0, 8_000);
      if ((await page.getByText('303 runs', { exact: true }).count()) === 1) break;
      await page.waitForTimeout(250);
    }
    await page.getByText('303 runs', { exact: true }).waitFor();
    expect(await rows().count()).toBeLessThan(40);
    await expectAccessible(page, 'a long runs list, scrolled');
    await screenshot(page, 'runs-list-long');
    browser.assertNoProblems();
  });
  it('filters by who started a run, picked and shown by name while the URL keeps the id', async () => {
    const created = await api.post<{ id: string }>('/api/users', {
      ...REQUESTER,
      name: 'Rhea Requester',
      roles: ['requester'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rhea = createApiClient(runtime.url);
    expect((await rhea.signIn(REQUESTER.email, REQUESTER.password)).status).toBe(200);
    expect((await rhea.post('/api/instances', { workflowId: 'quick', input: {} })).status).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, runtime.url, ADMIN, `${runtime.adminPassword!}-changed`);

    await page.goto(`${runtime.url}/runs?workflow=quick`);
    await rows().first().waitFor();
    const by = page.getByRole('combobox', { name: 'Started by' });
    await by.fill('Rhe');
    await page.getByRole('option', { name: /Rhea Requester/ }).click();
    await waitForRows(1);
    await expect.poll(() => new URL(page.url()).searchParams.get('startedBy')).toBe(created.body.id);
    await expect((await cell(rows().first(), 'Started by')).textContent()).resolves.toBe('Rhea Requester');
    // Opened from the URL (a bookmark), the field names the person, not their id.
    await page.reload();
    await waitForRows(1);
    await expect.poll(() => by.inputValue()).toBe('Rhea Requester');
    await expectAccessible(page, 'runs list, filtered by who started');
    await screenshot(page, 'runs-list-started-by');
    // Mine: the signed-in user's name; emptying the field clears the filter.
    await page.getByRole('button', { name: 'Mine' }).click();
    await expect.poll(() => by.inputValue()).toBe('Administrator');
    await expect.poll(() => new URL(page.url()).searchParams.get('startedBy')).not.toBe(created.body.id);
    await by.fill('');
    await expect.poll(() => new URL(page.url()).searchParams.get('startedBy')).toBe(null);
    // Text typed but not picked filters nothing, and the field shows the filter again on leaving it.
    await by.fill('nobody in particular');
    await page.getByLabel('Status', { exact: true }).focus();
    await expect.poll(() => by.inputValue()).toBe('');
    expect(new URL(page.url()).searchParams.get('startedBy')).toBe(null);
    browser.assertNoProblems();
  });
  it('starts a manual workflow from the editor, asking for its input first, and opens the run', async () => {
    await publish({
      id: 'greet',
      name: 'Greet someone',
      input: [{ key: 'who', label: 'Who', type: 'string', required: true }],
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
        { id: 'done', name: 'Done', kind: 'end', output: { greeting: '"hello " + input.who' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'done' }],
    });
    await page.goto(`${runtime.url}/workflows/greet`);
    await page.getByRole('button', { name: 'Start run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a run of “Greet someone”?' });
    await dialog.getByText('It runs version 1 as published').waitFor();
    await dialog.getByRole('button', { name: 'Start run' }).click();
    // The server's refusal stays in the dialog, beside the field it names.
    await dialog.locator('[aria-invalid="true"]').waitFor();
    await expectAccessible(page, 'start-run dialog with a refused field');
    await screenshot(page, 'runs-start-from-editor');
    await dialog.getByLabel(/^Who/).fill('Ada');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status')).toBe('completed');
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
    await expect(detail(id).then((answer) => (answer.body as { output?: unknown }).output)).resolves.toEqual({
      greeting: 'hello Ada',
    });
    // One with a request form links to its form.
    await publish({
      id: 'asked',
      name: 'Ask for a thing',
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'form' } },
        { id: 'done', name: 'Done', kind: 'end' },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'done' }],
    });
    await page.goto(`${runtime.url}/workflows/asked`);
    await page.getByRole('link', { name: 'Request form' }).click();
    await page.waitForURL(`${runtime.url}/requests/new/asked`);
    await page.getByRole('button', { name: 'Send request' }).waitFor();
    // A workflow other systems start (a webhook) offers no start by hand.
    await publish({
      id: 'hooked',
      name: 'Started by a webhook',
      nodes: [
        { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'webhook' } },
        { id: 'done', name: 'Done', kind: 'end' },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'done' }],
    });
    await page.goto(`${runtime.url}/workflows/hooked`);
    await page.getByRole('button', { name: 'Versions' }).waitFor();
    await expect(page.getByRole('button', { name: 'Start run' }).count()).resolves.toBe(0);
    browser.assertNoProblems();
  });
  const incidentOn = (id: string) =>
    pollUntil(
      'the failed call to become an incident',
      async () => ((await detail(id)).body.incidents.length === 1 ? true : undefined),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  const history = async (id: string) =>
    (
      await api.get<{ history: { type: string; actor?: string; data: Record<string, unknown> }[] }>(
        `/api/instances/${encodeURIComponent(id)}`,
      )
    ).body.history;

  it('retries every run the incident filter matches at once, counted exactly, once the desk is back', async () => {
    failing = true;
    for (const summary of ['Mouse gone', 'Wifi']) await incidentOn(await start('ticketing', { summary }));
    const { count } = (
      await api.get<{ count: number }>('/api/instances/count?hasIncident=true&status=running')
    ).body;
    expect(count).toBeGreaterThanOrEqual(2);
    const waiting = await api.get<{ items: { id: string }[] }>(
      '/api/instances?hasIncident=true&status=running',
    );
    failing = false;
    await page.goto(`${runtime.url}/runs?incident=1`);
    await waitForRows(count);
    await page.getByText(`${count} runs`, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Retry all' }).click();
    // The runtime's exact count, asked when the button was pressed, not the rows loaded.
    const dialog = page.getByRole('dialog', { name: `Retry the incidents of ${count} runs?` });
    await expectAccessible(page, 'retry-all dialog');
    await screenshot(page, 'runs-retry-all-dialog');
    await dialog.getByRole('button', { name: `Retry ${count} runs` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Retried ${count} runs: each stopped step runs once more.` })
      .waitFor();
    await screenshot(page, 'runs-retry-all');
    const me = (await api.get<{ id: string }>('/api/auth/me')).body.id;
    for (const { id } of waiting.body.items) {
      await pollUntil(
        'the retried run to complete',
        async () => ((await detail(id)).body.status === 'completed' ? true : undefined),
        { timeoutMs: 20_000, intervalMs: 100 },
      );
      expect((await history(id)).filter((h) => h.type === 'job.retry').at(-1)?.actor).toBe(me);
    }
    await page.getByText('No run waits for an operator').waitFor();
    browser.assertNoProblems();
  });

  it('cancels and retries the runs ticked in the list, saying what it did', async () => {
    failing = true;
    const three: string[] = [];
    for (const summary of ['Desk 1', 'Desk 2', 'Desk 3']) three.push(await start('ticketing', { summary }));
    for (const id of three) await incidentOn(id);
    await page.goto(`${runtime.url}/runs?incident=1`);
    await waitForRows(3);
    const idOf = async (index: number) =>
      decodeURIComponent(
        (await rows().nth(index).getByRole('link').getAttribute('href'))!.split('/').at(-1)!,
      );
    const ticked = [await idOf(0), await idOf(1)];
    await rows().nth(0).getByRole('checkbox').check();
    await rows().nth(1).getByRole('checkbox').check();
    const bar = page.getByRole('region', { name: 'Selected runs' });
    await bar.getByText('2 runs selected').waitFor();
    // Ticking opens nothing: the list stays.
    expect(new URL(page.url()).pathname).toBe('/runs');
    await expectAccessible(page, 'runs ticked for a bulk action');
    await screenshot(page, 'runs-selection');
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'runs-selection-dark');
    await bar.getByRole('button', { name: 'Cancel selected' }).click();
    const cancel = page.getByRole('dialog', { name: 'Cancel 2 selected runs?' });
    await cancel.getByLabel('Reason (kept in each run’s history)').fill('The desk moved to a new system');
    await expectAccessible(page, 'bulk cancel dialog (dark)');
    await screenshot(page, 'runs-cancel-selected-dark');
    await cancel.getByRole('button', { name: 'Cancel 2 runs' }).click();
    await page.getByRole('status').filter({ hasText: 'Cancelled 2 runs.' }).waitFor();
    await expect(bar.count()).resolves.toBe(0);
    await screenshot(page, 'runs-cancel-selected-done-dark');
    await page.getByTestId('theme-toggle').click();
    const me = (await api.get<{ id: string }>('/api/auth/me')).body.id;
    for (const id of ticked) {
      expect((await detail(id)).body.status).toBe('cancelled');
      expect((await history(id)).find((h) => h.type === 'instance.cancel')).toMatchObject({
        actor: me,
        data: expect.objectContaining({ reason: 'The desk moved to a new system' }),
      });
    }
    // The one left: ticked with the header's box, retried.
    await waitForRows(1);
    await page.getByRole('checkbox', { name: 'Select all 1 running run loaded' }).check();
    await bar.getByRole('button', { name: 'Retry selected' }).click();
    const retry = page.getByRole('dialog', { name: 'Retry the incidents of 1 selected run?' });
    await expectAccessible(page, 'bulk retry dialog');
    await screenshot(page, 'runs-retry-selected');
    await retry.getByRole('button', { name: 'Retry 1 run' }).click();
    await page.getByRole('status').filter({ hasText: 'Retried 1 run' }).waitFor();
    const left = three.find((id) => !ticked.includes(id))!;
    expect((await history(left)).filter((h) => h.type === 'job.retry')).toEqual([
      expect.objectContaining({ actor: me }),
    ]);
    browser.assertNoProblems();
  });
});
