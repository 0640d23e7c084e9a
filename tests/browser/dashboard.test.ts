import { readFile } from 'node:fs/promises';
import { formatDuration } from '@flowline/designer/dashboardModel';
import { aWorkflow, n } from '@flowline/engine/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { expectAccessible, keepFailure, screenshot, type TestBrowser } from '../support/browser';
import { closeBrowserSuites, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

const MANAGER = {
  email: 'maria@example.com',
  name: 'Maria Manager',
  password: 'seven maples along the river',
};

interface TaskCounts {
  created: number;
  decided: number;
  open: number;
  overdue: number;
  decidedLate: number;
  timedOut: number;
  breaches: number;
}
interface Figures {
  workflowId: string;
  name: string;
  instances: Record<'started' | 'running' | 'completed' | 'rejected' | 'failed' | 'cancelled', number>;
  cycleTimeMs: { p50: number | null; p90: number | null };
  tasks: TaskCounts;
}
interface Detail {
  total: Figures;
  nodes: {
    nodeId: string;
    name: string;
    tasks: TaskCounts;
    turnaroundMs: { p50: number | null; p90: number | null };
  }[];
  slowestNodeId: string | null;
}

/** The manager approves within five seconds, or the request escalates to the late end. */
const definition = (approver: string) => ({
  ...aWorkflow('access-request')
    .nodes(
      n.trigger(),
      n.approval('manager', {
        name: 'Manager approves',
        assignees: [{ type: 'user', id: approver }],
        due: { after: 'PT5S', onTimeout: { type: 'escalate' } },
      }),
      n.end('granted'),
      n.end('refused', 'rejected'),
      n.end('late', 'rejected'),
    )
    .edges(
      'start -> manager',
      'manager:approved -> granted',
      'manager:rejected -> refused',
      'manager:timeout -> late',
    )
    .document(),
  name: 'Access request',
});

// The dashboard in a real chromium against a real runtime: the empty state, then runs made
// through the API (approved, rejected, escalated past the due time) shown as counts, turnaround,
// the SLA breach and the slowest step, checked against the API's own answer; CSV; both themes.
describe('the dashboard in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({ signIn: true }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'dashboard-'));
  afterAll(closeBrowserSuites);

  it('says what to do when nothing ran yet', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Nothing ran in this period').waitFor();
    await expect(page.getByRole('link', { name: 'Workflows' }).last().getAttribute('href')).resolves.toBe(
      '/workflows',
    );
    await expectAccessible(page, 'empty dashboard');
    await screenshot(page, 'dashboard-empty');
  });

  it('shows the counts, turnaround, SLA breach and slowest step of the runs, as the API counts them', async () => {
    // The requester may not approve their own request: a manager decides.
    const created = await api.post<{ id: string }>('/api/users', { ...MANAGER, roles: ['approver'] });
    expect(created.status).toBe(201);
    const manager = createApiClient(runtime.url);
    expect((await manager.signIn(MANAGER.email, MANAGER.password)).status).toBe(200);
    const saved = await api.put('/api/definitions/access-request', {
      definition: definition(created.body.id),
      draftRev: 0,
    });
    expect(saved.status).toBe(200);
    expect((await api.post('/api/definitions/access-request/publish')).status).toBe(201);
    const started: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await api.post<{ id: string }>('/api/instances', {
        workflowId: 'access-request',
        input: {},
      });
      expect(answer.status).toBe(201);
      started.push(answer.body.id);
    }
    const taskOf = async (instanceId: string) =>
      pollUntil(
        `the task of ${instanceId}`,
        async () => {
          const { body } = await manager.get<{ items: { id: string; instanceId: string }[] }>('/api/tasks');
          return body.items.find((t) => t.instanceId === instanceId);
        },
        { timeoutMs: 15_000 },
      );
    for (const [index, outcome] of [
      [0, 'approved'],
      [1, 'rejected'],
    ] as const) {
      const task = await taskOf(started[index]!);
      const decided = await manager.post(`/api/tasks/${encodeURIComponent(task!.id)}/decide`, {
        outcome,
        comment: 'Checked with the team',
      });
      expect(decided.status).toBe(200);
    }
    // The third waits past its five seconds and escalates: an SLA breach.
    await pollUntil(
      'the third request to escalate',
      async () => {
        const { body } = await api.get<{ status: string }>(`/api/instances/${started[2]}`);
        return body.status === 'rejected' ? body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const list = (await api.get<{ items: Figures[] }>('/api/statistics/workflows?from=0')).body.items;
    const detail = (await api.get<Detail>('/api/statistics/workflows/access-request?from=0')).body;
    const [figures] = list;
    expect(figures).toMatchObject({
      instances: { started: 3, completed: 1, rejected: 2 },
      tasks: { breaches: 1 },
    });

    await page.getByRole('button', { name: 'Refresh' }).click();
    const report = page.getByTestId('workflow-report');
    const row = report.locator('tbody tr').filter({ hasText: 'Access request' });
    await row.waitFor();
    const cell = async (within: typeof row, column: string) =>
      (await within.locator(`td[data-column="${column}"]`).textContent())?.trim();
    expect(await cell(row, 'Started')).toBe(String(figures!.instances.started));
    expect(await cell(row, 'Completed')).toBe(String(figures!.instances.completed));
    expect(await cell(row, 'Rejected')).toBe(String(figures!.instances.rejected));
    expect(await cell(row, 'SLA breaches')).toBe(String(figures!.tasks.breaches));
    await expect(page.getByTestId('figure-Started').textContent()).resolves.toBe('3');
    await page.getByText('1 SLA breach').waitFor();
    await expectAccessible(page, 'dashboard, all workflows');
    await screenshot(page, 'dashboard-all-light');
    await report.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-all-table-light');

    await page.getByLabel('Workflow', { exact: true }).selectOption('access-request');
    const steps = page.getByTestId('step-report');
    const step = steps.locator('tbody tr').filter({ hasText: 'Manager approves' });
    await step.waitFor();
    const node = detail.nodes.find((n) => n.nodeId === 'manager')!;
    expect(await cell(step, 'Tasks')).toBe(String(node.tasks.created));
    expect(await cell(step, 'Decided')).toBe(String(node.tasks.decided));
    expect(await cell(step, 'Timed out')).toBe(String(node.tasks.timedOut));
    expect(await cell(step, 'SLA breaches')).toBe(String(node.tasks.breaches));
    expect(await cell(step, 'Turnaround p50 (h)')).toBe(formatDuration(node.turnaroundMs.p50));
    expect(await cell(step, 'Turnaround p90 (h)')).toBe(formatDuration(node.turnaroundMs.p90));
    expect(detail.slowestNodeId).toBe('manager');
    await page.getByText('Slowest step:').waitFor();
    const slowest = (await page.getByText('Slowest step:').textContent()) ?? '';
    expect(slowest).toContain('Manager approves');
    // Said as a bound the decisions came within (these take seconds), never "0 s or more".
    expect(slowest).toMatch(
      /(Half of its|Nine in ten of its) tasks are decided within|only decided task took/,
    );
    expect(slowest).not.toMatch(/\b0 s\b/);
    await expect(page.getByTestId('figure-Started').textContent()).resolves.toBe(
      String(detail.total.instances.started),
    );
    // The charts drew (the chart library arrived with them).
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await expectAccessible(page, 'dashboard, one workflow');
    await screenshot(page, 'dashboard-workflow-light');
    await page.getByTestId('version-report').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-workflow-tables-light');

    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await expectAccessible(page, 'dashboard, one workflow, dark');
    await screenshot(page, 'dashboard-workflow-dark');
    await page.getByTestId('theme-toggle').click();
  });

  it('exports the report as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^flowline-report-access-request-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/,
    );
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^Flowline process report,/);
    expect(lines).toContain(
      'Workflow,Started,Completed,Rejected,Failed,Cancelled,Running,Cycle time p50 (h),Cycle time p90 (h),Open tasks,Overdue tasks,SLA breaches',
    );
    expect(lines.find((l) => l.startsWith('Access request,3,1,2,0,0,0,'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('Manager approves,3,2,'))).toBeDefined();
    browser.assertNoProblems();
  });
  it('says when runs wait for an operator now, and leads to them', async () => {
    // An approval given to nobody who exists: the run holds an incident on it, whatever the period.
    const stuck = {
      ...aWorkflow('stuck')
        .nodes(
          n.trigger(),
          n.approval('ask', { name: 'Ask nobody', assignees: [{ type: 'user', id: 'nobody' }] }),
          n.end('done'),
        )
        .edges('start -> ask', 'ask:approved -> done', 'ask:rejected -> done')
        .document(),
      name: 'Stuck request',
    };
    expect((await api.put('/api/definitions/stuck', { definition: stuck, draftRev: 0 })).status).toBe(200);
    expect((await api.post('/api/definitions/stuck/publish')).status).toBe(201);
    const started = await api.post<{ id: string }>('/api/instances', { workflowId: 'stuck', input: {} });
    expect(started.status).toBe(201);
    await pollUntil(
      'the incident',
      async () => {
        const run = await api.get<{ incidents: unknown[] }>(`/api/instances/${started.body.id}`);
        return run.body.incidents.length === 1 ? true : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    await page.goto(`${runtime.url}/dashboard`);
    const callout = page.getByTestId('incident-callout');
    await expect.poll(() => callout.textContent()).toBe('1 run needs an operator');
    await expectAccessible(page, 'dashboard with a run waiting for an operator');
    await screenshot(page, 'dashboard-incident');
    await callout.click();
    await page.waitForURL(`${runtime.url}/runs?incident=1`);
    await page.getByTestId('run-row').filter({ hasText: 'Stuck request' }).waitFor();
    browser.assertNoProblems();
  });
});
