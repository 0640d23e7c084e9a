import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../support/apiClient';
import { expectAccessible, fillSignIn, keepFailure, screenshot, type TestBrowser } from '../support/browser';
import { closeBrowserSuites, createUser, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'amber lanterns over the quay';
const people = {
  rita: { email: 'rita@example.com', name: 'Rita Requester', roles: ['requester'] },
  max: { email: 'max@example.com', name: 'Max Manager', roles: ['approver'] },
};
type Person = keyof typeof people;

interface InstanceBody {
  status: string;
  output?: unknown;
  history: { type: string; actor?: string; data?: { reason?: string } }[];
}

// A requester withdraws their own request from its page in the portal (from the keyboard, with a
// reason): the page says so, the timeline shows who and why, the API agrees. The action is not
// offered on an ended request nor to someone who may not withdraw; a request that ends while the
// dialog is open is refused in plain words, changing nothing.
describe('withdrawing a request from the portal', () => {
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let rita: ApiClient;
  let browser: TestBrowser;
  let page: Page;
  const ids = {} as Record<Person, string>;

  /** A request Rita sends (through the API) for Max to decide. */
  const send = async (justification: string): Promise<string> => {
    const started = await rita.post<{ id: string }>('/api/instances', {
      workflowId: 'access-approval',
      input: { system: 'crm', accessLevel: 'read', justification, manager: ids.max },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body.id;
  };
  const signInAs = async (who: Person) => {
    await page.goto(`${runtime.url}/sign-in`);
    await fillSignIn(page, people[who].email, PASSWORD);
    await page.getByTestId('signed-in-user').filter({ hasText: people[who].name }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  };
  const openRequest = async (id: string) => {
    await page.goto(`${runtime.url}/requests/${id}`);
    await page.getByRole('heading', { name: 'Access request approval', level: 1 }).waitFor();
    await progress()
      .getByText(/sent the request\./)
      .waitFor();
  };
  const progress = () => page.getByRole('list', { name: 'Progress of the request' });
  const withdrawButton = () => page.getByRole('button', { name: 'Withdraw request' });
  const dialog = () => page.getByRole('dialog', { name: 'Withdraw this request?' });

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      seed: async (admin) => {
        for (const [key, person] of Object.entries(people))
          ids[key as Person] = await createUser(admin, { ...person, password: PASSWORD });
      },
      // The request that ended while its withdraw dialog was open.
      expectedFailures: [{ method: 'POST', path: /^\/api\/instances\/[^/]+\/withdraw$/, status: 409 }],
    }));
    rita = createApiClient(runtime.url);
    await rita.signIn(people.rita.email, PASSWORD);
    await signInAs('rita');
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'withdraw-'));
  afterAll(closeBrowserSuites);

  it('withdraws my own running request from the keyboard, with a reason; the page and the API say so', async () => {
    const id = await send('Needed for the audit');
    await openRequest(id);
    await page.getByText('In progress', { exact: true }).waitFor();
    await expectAccessible(page, 'request with the withdraw action');
    await screenshot(page, 'withdraw-request-running');

    // Reached with Tab, right after the way back to the list.
    await page.getByRole('link', { name: 'All requests' }).focus();
    await page.keyboard.press('Tab');
    await expect(withdrawButton().evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(
      true,
    );
    await page.keyboard.press('Enter');
    await dialog().waitFor();
    // Backing out gives the focus back to the button that opened the dialog, as Escape does.
    await dialog().getByRole('button', { name: 'Keep the request' }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect(withdrawButton().evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(
      true,
    );
    await page.keyboard.press('Enter');
    await dialog().waitFor();
    // The reason field is the first thing in the dialog, so typing starts there.
    await page.keyboard.type('Asked for the wrong system');
    await expect(
      dialog()
        .getByLabel(/^Reason/)
        .inputValue(),
    ).resolves.toBe('Asked for the wrong system');
    await expectAccessible(page, 'withdraw dialog');
    await screenshot(page, 'withdraw-dialog');
    await dialog().getByRole('button', { name: 'Withdraw request' }).focus();
    await page.keyboard.press('Enter');

    // Said where it is heard (a status line, which takes the focus from the vanished button) …
    const note = page.getByRole('status').filter({ hasText: 'You withdrew this request.' });
    await note.waitFor();
    await expect(note.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await dialog().waitFor({ state: 'detached' });
    // … and the page shows the request ended, who withdrew it and why; nothing more to withdraw.
    await page.getByText('Cancelled', { exact: true }).waitFor();
    await progress().getByText('You withdrew the request.').waitFor();
    await progress().locator('blockquote', { hasText: 'Asked for the wrong system' }).waitFor();
    await progress().getByText('The request was cancelled.').waitFor();
    await expect(withdrawButton().count()).resolves.toBe(0);
    await expectAccessible(page, 'request after withdrawing');
    await screenshot(page, 'withdraw-request-withdrawn');

    const instance = await rita.get<InstanceBody>(`/api/instances/${id}`);
    expect(instance.body.status).toBe('cancelled');
    expect(instance.body.output).toMatchObject({
      withdrawn: true,
      by: ids.rita,
      reason: 'Asked for the wrong system',
    });
    expect(instance.body.history.filter((h) => h.type === 'instance.withdraw')).toMatchObject([
      { actor: ids.rita, data: { reason: 'Asked for the wrong system' } },
    ]);
    // Opened again, an ended request offers nothing to withdraw.
    await openRequest(id);
    await page.getByText('Cancelled', { exact: true }).waitFor();
    await expect(withdrawButton().count()).resolves.toBe(0);
    browser.assertNoProblems();
  });

  it('offers nothing to withdraw once a request has ended, and takes the action away live when it ends', async () => {
    const completed = await send('Approved quickly');
    const manager = createApiClient(runtime.url);
    await manager.signIn(people.max.email, PASSWORD);
    const tasks = await manager.get<{ items: { id: string; instanceId: string }[] }>('/api/tasks');
    const task = tasks.body.items.find((t) => t.instanceId === completed)!;
    const decided = await manager.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome: 'approved',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await openRequest(completed);
    await progress().getByText('The request was completed.').waitFor();
    await expect(withdrawButton().count()).resolves.toBe(0);

    // Open while it runs; an operator cancels it: the page follows, and the action goes.
    const cancelled = await send('Cancelled by the desk');
    await openRequest(cancelled);
    await withdrawButton().waitFor();
    expect((await api.post(`/api/instances/${cancelled}/cancel`, { reason: 'Duplicate' })).status).toBe(200);
    await progress().getByText('The request was cancelled.').waitFor();
    await withdrawButton().waitFor({ state: 'detached' });
    browser.assertNoProblems();
  });

  it('says in plain words when the request ended while the dialog was open, and changes nothing', async () => {
    const id = await send('Ends meanwhile');
    await openRequest(id);
    await withdrawButton().click();
    await dialog().waitFor();
    await dialog()
      .getByLabel(/^Reason/)
      .fill('Too late');
    expect((await api.post(`/api/instances/${id}/cancel`, { reason: 'Closed by the desk' })).status).toBe(
      200,
    );
    await progress().getByText('The request was cancelled.').waitFor();
    await dialog().getByRole('button', { name: 'Withdraw request' }).click();
    await dialog()
      .getByRole('alert')
      .filter({
        hasText: 'This request has already ended, so it can no longer be withdrawn. Nothing was changed.',
      })
      .waitFor();
    // What was typed stays, nothing is said to have been withdrawn.
    await expect(
      dialog()
        .getByLabel(/^Reason/)
        .inputValue(),
    ).resolves.toBe('Too late');
    await expectAccessible(page, 'withdraw dialog with a refusal');
    await screenshot(page, 'withdraw-dialog-ended');
    await dialog().getByRole('button', { name: 'Keep the request' }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect(page.getByText('You withdrew this request.').count()).resolves.toBe(0);
    await expect(progress().getByText('You withdrew the request.').count()).resolves.toBe(0);
    const instance = await rita.get<InstanceBody>(`/api/instances/${id}`);
    expect(instance.body.history.filter((h) => h.type === 'instance.withdraw')).toEqual([]);
    expect(instance.body.history.filter((h) => h.type === 'instance.cancel')).toMatchObject([
      { data: { reason: 'Closed by the desk' } },
    ]);
    browser.assertNoProblems();
  });

  it('offers no withdraw to someone who may see the request but may not withdraw it', async () => {
    const id = await send('Max may look, not withdraw');
    await signOut();
    await signInAs('max');
    // Max has its task, so he may read it; he did not start it and may not cancel runs.
    await page.goto(`${runtime.url}/requests/${id}`);
    await progress().getByText('Rita Requester sent the request.').waitFor();
    await page.getByText('In progress', { exact: true }).waitFor();
    await expect(withdrawButton().count()).resolves.toBe(0);
    const manager = createApiClient(runtime.url);
    await manager.signIn(people.max.email, PASSWORD);
    expect((await manager.post(`/api/instances/${id}/withdraw`, {})).status).toBe(403);
    await signOut();
    await signInAs('rita');
    browser.assertNoProblems();
  });

  it('looks right in the dark theme and on a small laptop screen', async () => {
    const id = await send('Dark and small');
    await page.setViewportSize({ width: 1024, height: 700 });
    await openRequest(id);
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    await withdrawButton().waitFor();
    await expectAccessible(page, 'request with the withdraw action (dark)');
    await screenshot(page, 'withdraw-request-running-dark');
    await withdrawButton().click();
    await dialog().waitFor();
    // The whole dialog fits the small screen: its buttons are reachable without scrolling.
    const box = (await dialog().getByRole('button', { name: 'Withdraw request' }).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(700);
    await expectAccessible(page, 'withdraw dialog (dark)');
    await screenshot(page, 'withdraw-dialog-dark');
    await dialog().getByRole('button', { name: 'Withdraw request' }).click();
    await page.getByRole('status').filter({ hasText: 'You withdrew this request.' }).waitFor();
    await progress().getByText('You withdrew the request.').waitFor();
    await expectAccessible(page, 'request after withdrawing (dark)');
    await screenshot(page, 'withdraw-request-withdrawn-dark');
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });
});
