import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/apiClient';
import {
  expectAccessible,
  keepFailure,
  openWorkflow,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, createUser, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { canvasNode, inspectorPanel, selectStep } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

const MINUTE = 60_000;
const BY_PRIORITY = 'input.priority == "P1" ? "PT15M" : "PT8H"';

/** An acknowledgement due 4 hours after it opens, for every priority (a fixed due date). */
const draftFor = (assignee: string) => ({
  schemaVersion: 1,
  id: 'sla-ack',
  name: 'Acknowledge by priority',
  input: [
    {
      key: 'priority',
      label: 'Priority',
      type: 'select',
      required: true,
      options: [
        { value: 'P1', label: 'P1' },
        { value: 'P3', label: 'P3' },
      ],
    },
  ],
  nodes: [
    { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
    {
      id: 'ack',
      name: 'Acknowledge',
      kind: 'manualTask',
      title: 'Acknowledge the incident',
      assignees: [{ type: 'user', id: assignee }],
      due: { after: 'PT4H' },
    },
    { id: 'done', name: 'Done', kind: 'end' },
    { id: 'late', name: 'Late', kind: 'end', outcome: 'failed' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ack' },
    { id: 'e2', source: 'ack', sourceHandle: 'done', target: 'done' },
    { id: 'e3', source: 'ack', sourceHandle: 'timeout', target: 'late' },
  ],
  layout: {
    start: { x: 0, y: 0 },
    ack: { x: 280, y: 0 },
    done: { x: 560, y: -80 },
    late: { x: 560, y: 80 },
  },
});

// A due date computed per run, set in the inspector of a real chromium against the real runtime:
// the switch from a fixed duration to an expression, the engine's node-addressed message at the
// field for a branch that is no duration, publishing, and the due time each run then gets on the
// run's page.
describe('a due date computed per run, in the inspector', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      seed: async (admin) => {
        const omar = await createUser(admin, {
          email: 'omar@example.com',
          name: 'Omar On-call',
          password: 'amber lanterns over the quay',
          roles: ['approver'],
        });
        await saveDraft(admin, draftFor(omar));
      },
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'duration-expression-'));
  afterAll(closeBrowserSuites);

  const inspector = () => inspectorPanel(page);
  const node = (id: string) => canvasNode(page, id);
  const mode = () => inspector().getByRole('combobox', { name: 'After: fixed or computed' });
  const expressionField = () => inspector().locator('[data-field="due.after.expression"]');
  /** The expression's text box: plain until CodeMirror is loaded (focusing it loads it). */
  const editor = (): Locator => expressionField().locator('.cm-content, [data-expression-editor="plain"]');
  const replaceExpression = async (text: string) => {
    await editor().click();
    const codeMirror = expressionField().locator('.cm-content');
    await codeMirror.waitFor();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
    await expect.poll(() => codeMirror.textContent()).toBe(text);
  };

  it('switches the due date to an expression, shows a bad branch at the field, and publishes the fixed one', async () => {
    await openWorkflow(page, runtime.url, 'sla-ack', 'node');
    await selectStep(page, 'ack');
    const fixed = inspector().locator('[data-field="due.after"] input');
    await fixed.scrollIntoViewIfNeeded();
    await expect(fixed.inputValue()).resolves.toBe('PT4H');
    await inspector().locator('[data-field="due.after"]').getByText('4 hours').waitFor();
    await expect(mode().inputValue()).resolves.toBe('fixed');
    await screenshot(page, 'inspector-duration-fixed');

    // To an expression: the fixed duration becomes the expression that gives it.
    await mode().selectOption('expression');
    await editor().waitFor();
    await expect
      .poll(
        async () =>
          (await editor().textContent()) ||
          (await editor()
            .inputValue()
            .catch(() => '')),
      )
      .toBe('"PT4H"');

    // A branch that is no duration: the engine's message at the field, the step marked.
    await replaceExpression('input.priority == "P1" ? "PT15M" : "PT8"');
    const problem = expressionField().locator('.field__problem');
    await problem.filter({ hasText: 'due.after gave "PT8", which is not a duration' }).waitFor();
    await expect.poll(() => node('ack').locator('.fl-node__problem--error').count()).toBeGreaterThan(0);
    await screenshot(page, 'inspector-duration-expression-problem');
    await expectAccessible(page, 'inspector (a computed due date with a problem)');

    await replaceExpression(BY_PRIORITY);
    await expect.poll(() => problem.count()).toBe(0);
    await expect.poll(() => node('ack').locator('.fl-node__problem--error').count()).toBe(0);
    await screenshot(page, 'inspector-duration-expression');

    await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog.getByLabel('What changed').fill('Acknowledge by priority');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('dialog', { name: 'Published' }).getByText('Version 1 is published.').waitFor();
    const published = await api.get<{ definition: { nodes: { id: string; due?: unknown }[] } }>(
      '/api/definitions/sla-ack/versions/1',
    );
    expect(published.status).toBe(200);
    expect(published.body.definition.nodes.find((n) => n.id === 'ack')?.due).toEqual({
      after: { expression: BY_PRIORITY },
    });
    browser.assertNoProblems();
  });

  it('gives each run the due time of its priority, shown on the run’s page', async () => {
    for (const [priority, after] of [
      ['P1', 15 * MINUTE],
      ['P3', 8 * 60 * MINUTE],
    ] as const) {
      const started = await api.post<{ id: string }>('/api/instances', {
        workflowId: 'sla-ack',
        input: { priority },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const run = await api.get<{ createdAt: number; openTasks: { dueAt: number | null }[] }>(
        `/api/instances/${started.body.id}`,
      );
      const dueAt = run.body.openTasks[0]!.dueAt!;
      expect(dueAt - run.body.createdAt).toBe(after);
      await page.goto(`${runtime.url}/runs/${started.body.id}`);
      await page.getByRole('tab', { name: 'Input and output' }).click();
      // As the page writes it (formatTime: medium date, short time, the browser's locale).
      const shown = await page.evaluate<string, number>(
        (at) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at),
        dueAt,
      );
      await page
        .locator('.run-step')
        .filter({ hasText: 'Acknowledge the incident' })
        .getByText(`due ${shown}`)
        .waitFor();
      if (priority === 'P1') await screenshot(page, 'run-computed-due');
    }
    browser.assertNoProblems();
  });
});
