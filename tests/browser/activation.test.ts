import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/apiClient';
import {
  expectAccessible,
  keepFailure,
  openWorkflow,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, createUser, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

const ID = 'access-approval';
const NAME = 'Access request approval';

// Retiring a published workflow from the editor and bringing it back, in a real chromium against
// the real runtime (the examples seeded): the list's badge, the portal, the API's refusal.
describe('deactivating and activating a workflow in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;
  let manager: string;

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      // A start needs an active manager other than the starter, so only the inactive state refuses it.
      seed: async (admin) => {
        manager = await createUser(admin, {
          email: 'max@example.com',
          name: 'Max Manager',
          password: 'amber lanterns over the quay',
          roles: ['approver'],
        });
      },
      expectedFailures: [{ method: 'GET', path: /^\/api\/request-forms\/no-such-form$/, status: 404 }],
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'activation-'));
  afterAll(closeBrowserSuites);

  const startThroughApi = () =>
    api.post<{ code: string; message: string }>('/api/instances', {
      workflowId: ID,
      input: { system: 'crm', accessLevel: 'read', justification: 'Quarterly report', manager },
    });
  const portalOffers = async () => {
    await page.goto(`${runtime.url}/requests`);
    await page.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    // Another seeded workflow is offered in both states: the catalogue has loaded.
    await page.getByRole('link', { name: 'Start: Change management' }).waitFor();
    return page.getByRole('link', { name: `Start: ${NAME}` }).count();
  };
  const toolbar = () => page.locator('.editor__toolbar');

  it('deactivates from the editor, after saying what that does', async () => {
    await expect(portalOffers()).resolves.toBe(1);
    await openWorkflow(page, runtime.url, ID, 'node');
    const ask = async () => {
      await toolbar().getByRole('button', { name: 'Deactivate' }).click();
      const dialog = page.getByRole('dialog', { name: `Deactivate “${NAME}”?` });
      await dialog.getByText('No new requests start').waitFor();
      await dialog.getByText('Requests already running finish as usual').waitFor();
      return dialog;
    };
    let dialog = await ask();
    await expectAccessible(page, 'deactivate dialog');
    await screenshot(page, 'activation-deactivate-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('theme-toggle').click();
    dialog = await ask();
    await expectAccessible(page, 'deactivate dialog (dark)');
    await screenshot(page, 'activation-deactivate-dialog-dark');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('theme-toggle').click();
    dialog = await ask();
    await dialog.getByRole('button', { name: 'Deactivate workflow' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toolbar().getByText('Inactive', { exact: true }).waitFor();
    await toolbar().getByRole('button', { name: 'Activate' }).waitFor();
    await expectAccessible(page, 'editor, workflow inactive');
    await screenshot(page, 'activation-editor-inactive');
    // On a small laptop screen the switch is an icon, and the toolbar still ends inside the window.
    await page.setViewportSize({ width: 1024, height: 700 });
    const publishEnd = async () => {
      const publish = await toolbar().getByRole('button', { name: 'Publish' }).boundingBox();
      return publish!.x + publish!.width;
    };
    await expect.poll(publishEnd).toBeLessThanOrEqual(1024 - 8);
    await toolbar().getByRole('button', { name: 'Activate' }).waitFor();
    await screenshot(page, 'activation-editor-inactive-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    browser.assertNoProblems();
  });

  it('shows Inactive in the list; the portal no longer offers it and a start through the API is refused', async () => {
    await page.goto(`${runtime.url}/workflows`);
    const row = page.getByRole('row').filter({ hasText: NAME });
    await row.getByText('Inactive', { exact: true }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: 'Inactive' }).count()).resolves.toBe(1);
    await expectAccessible(page, 'workflows list with an inactive one');
    await screenshot(page, 'activation-list');
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'activation-list-dark');
    await page.getByTestId('theme-toggle').click();

    await expect(portalOffers()).resolves.toBe(0);
    // Its form opened by address (a bookmark, a link in a wiki) says why, by the workflow's name.
    await page.goto(`${runtime.url}/requests/new/${ID}`);
    const retired = page.getByRole('alert').filter({ hasText: 'is not accepting requests' });
    await retired.waitFor();
    expect(await retired.innerText()).toMatch(
      new RegExp(`^The request form “${NAME}” is not accepting requests: its workflow was deactivated\\.`),
    );
    expect(await retired.innerText()).not.toContain(ID);
    await expect(page.getByRole('button', { name: 'Send request' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'request form of a deactivated workflow');
    await screenshot(page, 'activation-request-form-inactive');
    // A form that does not exist still reads as before.
    await page.goto(`${runtime.url}/requests/new/no-such-form`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'There is no request form “no-such-form” you may use' })
      .waitFor();

    const refused = await startThroughApi();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('WORKFLOW_INACTIVE');
    expect(refused.body.message).toMatch(
      /^"Access request approval" was deactivated by .* on .*activate it again$/,
    );
    browser.assertNoProblems();
  });

  it('activates it again from a version page: offered and started again', async () => {
    await page.goto(`${runtime.url}/workflows/${ID}/versions/1`);
    await page.locator('.react-flow__node').first().waitFor();
    await toolbar().getByText('Inactive', { exact: true }).waitFor();
    await toolbar().getByRole('button', { name: 'Activate' }).click();
    const dialog = page.getByRole('dialog', { name: `Activate “${NAME}”?` });
    await dialog.getByText('times missed while it was inactive are not made up').waitFor();
    await expectAccessible(page, 'activate dialog');
    await screenshot(page, 'activation-activate-dialog');
    await dialog.getByRole('button', { name: 'Activate workflow' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toolbar().getByRole('button', { name: 'Deactivate' }).waitFor();
    await expect(toolbar().getByText('Inactive', { exact: true }).count()).resolves.toBe(0);

    await expect(portalOffers()).resolves.toBe(1);
    await page.goto(`${runtime.url}/requests/new/${ID}`);
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Send request' }).waitFor();
    expect((await startThroughApi()).status).toBe(201);
    browser.assertNoProblems();
  });
});
