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
import { inspectorPanel, selectStep } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

/** A draft whose webhook delivers an event none of its steps waits for. */
const RELAY = {
  schemaVersion: 1,
  id: 'ticket-updates',
  name: 'Ticket updates',
  input: [{ key: 'ticket', label: 'Ticket', type: 'string', required: true }],
  nodes: [
    {
      id: 'hook',
      name: 'From the ITSM',
      kind: 'trigger',
      trigger: {
        type: 'webhook',
        signature: { scheme: 'standard-webhooks', secretName: 'itsm' },
        input: { ticket: 'string(body.number)' },
        deliver: {
          when: 'body.state == "closed"',
          event: 'ticket.done',
          correlationKey: 'string(body.number)',
        },
      },
    },
    {
      id: 'closed',
      name: 'Ticket closed',
      kind: 'wait',
      wait: { type: 'event', event: 'ticket.closed', correlationKey: 'input.ticket' },
    },
    { id: 'done', name: 'Done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'hook', target: 'closed' },
    { id: 'e2', source: 'closed', target: 'done' },
  ],
  layout: { hook: { x: 0, y: 0 }, closed: { x: 280, y: 0 }, done: { x: 560, y: 0 } },
};

// The webhook trigger's delivery to waiting runs in the inspector, in a real chromium against the
// real runtime: the optional section, the event picked from the workflow's event waits, and the
// engine's node-addressed message at the field.
describe("a webhook trigger's delivery in the inspector", () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ runtime, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      seed: (api) => saveDraft(api, RELAY),
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'webhook-delivery-'));
  afterAll(closeBrowserSuites);

  const inspector = () => inspectorPanel(page);
  const select = (nodeId: string) => selectStep(page, nodeId);
  const section = () => inspector().locator('[data-field="trigger.deliver"]').first();
  const eventField = () => section().locator('[data-field="trigger.deliver.event"]');

  it("shows the major-incident alert's delivery of resolved alerts", async () => {
    await openWorkflow(page, runtime.url, 'major-incident', 'node');
    await select('alert');
    const on = inspector().getByRole('checkbox', { name: 'Deliver to waiting runs' });
    await expect(on.isChecked()).resolves.toBe(true);
    await section().scrollIntoViewIfNeeded();
    await expect(
      inspector().getByRole('textbox', { name: 'When', exact: true }).first().inputValue(),
    ).resolves.toBe('has(body.status) && body.status == "resolved"');
    const event = eventField().getByRole('combobox');
    await expect(event.inputValue()).resolves.toBe('alert.resolved');
    await expect(event.locator('option').allTextContents()).resolves.toEqual(['—', 'alert.resolved']);
    // A resolved alert no run waits for yet is kept 10 minutes: a duration, said in words too.
    const ttl = section().locator('[data-field="trigger.deliver.ttl"]');
    await ttl.scrollIntoViewIfNeeded();
    await expect(ttl.getByRole('textbox', { name: 'Keep for (time to live)' }).inputValue()).resolves.toBe(
      'PT10M',
    );
    await expect(ttl.textContent()).resolves.toContain('10 minutes');
    await screenshot(page, 'inspector-webhook-delivery');
    await expectAccessible(page, 'inspector (webhook delivery)');
    browser.assertNoProblems();
  });

  it('says at the field when no step waits for the event, and the message goes once one is picked', async () => {
    await openWorkflow(page, runtime.url, 'ticket-updates', 'node');
    await select('hook');
    await section().scrollIntoViewIfNeeded();
    const event = eventField().getByRole('combobox');
    // What the definition says stays shown, marked; the choices are the workflow's event waits.
    await expect(event.inputValue()).resolves.toBe('ticket.done');
    await expect(event.locator('option').allTextContents()).resolves.toEqual([
      '—',
      'ticket.done (no step waits for it)',
      'ticket.closed',
    ]);
    const problem = eventField().locator('.field__problem');
    await problem.filter({ hasText: 'No step of this workflow waits for "ticket.done"' }).waitFor();
    await expect(event.getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'inspector-webhook-delivery-problem');
    await event.selectOption('ticket.closed');
    await expect.poll(() => problem.count()).toBe(0);
    await expect(event.locator('option').allTextContents()).resolves.toEqual(['—', 'ticket.closed']);

    // Turned off, the setting is gone from the definition; on again, it starts empty.
    const on = inspector().getByRole('checkbox', { name: 'Deliver to waiting runs' });
    await on.uncheck();
    await expect(section().locator('[data-field="trigger.deliver.event"]').count()).resolves.toBe(0);
    await on.check();
    await expect(eventField().getByRole('combobox').inputValue()).resolves.toBe('');
    await problem.filter({ hasText: 'Pick the event it is delivered as' }).waitFor();
    await screenshot(page, 'inspector-webhook-delivery-new');
    browser.assertNoProblems();
  });
});
