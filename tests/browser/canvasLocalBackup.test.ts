import { exampleWorkflows } from '@flowline/examples';
import type { Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/apiClient';
import {
  expectAccessible,
  keepFailure,
  openWorkflow,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { selectStep } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

const ID = 'offline-edit';
const SAVES = new RegExp(`/api/definitions/${ID}$`);
const accessApproval = exampleWorkflows.find(
  (w) => (w.definition as { id: string }).id === 'access-approval',
)!.definition as Record<string, unknown>;

// An edit made while the server cannot take it survives a reload: the editor keeps it in
// localStorage until a save succeeds and offers it back when the workflow is opened again.
describe('an unsaved edit kept in the browser while the server is down', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      seed: (admin) => saveDraft(admin, { ...accessApproval, id: ID, name: 'Offline edit' }),
      // The server "down" for saves (see below).
      expectedFailures: [{ method: 'PUT', path: SAVES, status: 503 }],
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'canvasLocalBackup-'));
  afterAll(closeBrowserSuites);

  const nodeName = (id: string) => page.locator(`.react-flow__node[data-id="${id}"] .fl-node__name`);
  const kept = () => page.evaluate<string | null>(`localStorage.getItem('flowline.unsaved.${ID}')`);
  /** The manager approval's name in the draft the server holds. */
  const serverName = async () => {
    const answer = await api.get<{ draft: { definition: { nodes: { id: string; name: string }[] } } }>(
      `/api/definitions/${ID}`,
    );
    return answer.body.draft.definition.nodes.find((n) => n.id === 'managerApproval')!.name;
  };

  it('keeps the edit while saves fail and the server goes down, offers it when the workflow is opened again, saves it once restored', async () => {
    await openWorkflow(page, runtime.url, ID, 'node');
    // The server refuses every save from now on (503, as when it is down or restarting).
    const down = (route: Route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'UNAVAILABLE', message: 'The server is restarting' }),
          })
        : route.continue();
    await browser.context.route(SAVES, down);
    await selectStep(page, 'managerApproval');
    const name = page.getByRole('complementary', { name: 'Step' }).getByLabel('Name', { exact: true });
    await name.fill('Approval made offline');
    await nodeName('managerApproval').filter({ hasText: 'Approval made offline' }).waitFor();
    await expect.poll(kept, { timeout: 10_000 }).toContain('Approval made offline');
    expect(await serverName()).toBe('Manager approval');

    // The server goes down (killed), and the page is reloaded: the reload fails, and so does the
    // save the page sends as it goes away.
    await runtime.kill9();
    await page.reload().catch(() => undefined);
    // Back up: the workflow is opened again; the server still has the draft as before, and the
    // kept edit is offered.
    await runtime.restart();
    await browser.context.unroute(SAVES, down);
    await openWorkflow(page, runtime.url, ID, 'node');
    const offer = page.getByRole('dialog', { name: 'Restore your unsaved edit?' });
    await offer.waitFor();
    await expect(nodeName('managerApproval').textContent()).resolves.toBe('Manager approval');
    await screenshot(page, 'editor-restore-unsaved-edit');
    await expectAccessible(page, 'the restore-unsaved-edit offer');

    // Restored, it is saved; the local copy goes.
    await offer.getByRole('button', { name: 'Restore it' }).click();
    await offer.waitFor({ state: 'detached' });
    await nodeName('managerApproval').filter({ hasText: 'Approval made offline' }).waitFor();
    await expect.poll(serverName, { timeout: 15_000 }).toBe('Approval made offline');
    await expect.poll(kept, { timeout: 10_000 }).toBeNull();

    // Opened again: nothing to offer, the edit is the draft.
    await page.reload();
    await nodeName('managerApproval').filter({ hasText: 'Approval made offline' }).waitFor();
    await page.waitForTimeout(300);
    await expect(offer.count()).resolves.toBe(0);
    browser.assertNoProblems();
  });

  it('forgets a kept edit the user discards', async () => {
    await page.evaluate(`localStorage.setItem('flowline.unsaved.${ID}', JSON.stringify({
      definition: { ...${JSON.stringify({ ...accessApproval, id: ID, name: 'Offline edit' })}, name: 'Discard me' },
      draftRev: 1,
      savedAt: Date.now(),
    }))`);
    await page.reload();
    const offer = page.getByRole('dialog', { name: 'Restore your unsaved edit?' });
    await offer.getByRole('button', { name: 'Discard it' }).click();
    await offer.waitFor({ state: 'detached' });
    await expect(kept()).resolves.toBeNull();
    await expect(
      page.locator('.editor__toolbar, h1').filter({ hasText: 'Discard me' }).count(),
    ).resolves.toBe(0);
    browser.assertNoProblems();
  });
  it('keeps nothing, and offers nothing, when undo and redo bring the draft back to what the server has', async () => {
    await openWorkflow(page, runtime.url, ID, 'node');
    await selectStep(page, 'managerApproval');
    const name = page.getByRole('complementary', { name: 'Step' }).getByLabel('Name', { exact: true });
    await name.fill('Saved on the server');
    await expect.poll(serverName, { timeout: 15_000 }).toBe('Saved on the server');
    await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    // Undo, then redo before the undo is saved: the document is what the server has again, so
    // there is nothing to save and nothing to keep.
    const canvasTools = page.getByRole('toolbar', { name: 'Canvas tools' });
    await canvasTools.getByRole('button', { name: /^Undo/ }).click();
    await nodeName('managerApproval').filter({ hasText: 'Approval made offline' }).waitFor();
    await canvasTools.getByRole('button', { name: /^Redo/ }).click();
    await nodeName('managerApproval').filter({ hasText: 'Saved on the server' }).waitFor();
    await page.waitForTimeout(1500);
    expect(await serverName()).toBe('Saved on the server');
    await expect(kept()).resolves.toBeNull();

    await page.reload();
    await nodeName('managerApproval').filter({ hasText: 'Saved on the server' }).waitFor();
    await page.waitForTimeout(500);
    await expect(page.getByRole('dialog', { name: 'Restore your unsaved edit?' }).count()).resolves.toBe(0);
    browser.assertNoProblems();
  });
});
