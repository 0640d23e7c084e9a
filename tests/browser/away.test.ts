import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../support/apiClient';
import { expectAccessible, fillSignIn, keepFailure, screenshot, type TestBrowser } from '../support/browser';
import { closeBrowserSuites, createUser, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'amber lanterns over the quay';
const people = {
  rita: { id: 'rita', email: 'rita@example.com', name: 'Rita Requester', roles: ['requester'] },
  max: { id: 'max', email: 'max@example.com', name: 'Max Manager', roles: ['approver'] },
  olga: { id: 'olga', email: 'olga@example.com', name: 'Olga Ops', roles: ['approver'] },
  ada: { id: 'ada', email: 'ada@example.com', name: 'Ada Admin', roles: ['admin'] },
};
type Person = keyof typeof people;

interface Me {
  away?: { delegate: string; until: number; note?: string; active: boolean };
}

/** A date input's value for the day `days` from today, in this machine's (and the browser's) zone. */
const dayFromNow = (days: number) => {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

// Out of office in a real chromium against the real runtime (examples published): Max says in his
// inbox that he is away (a refusal shown beside its field first), a request for him lands in
// Olga's inbox saying whom it came from, and an admin clears Max's setting on the Users page.
describe('being away, in a browser', () => {
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let rita: ApiClient;
  let browser: TestBrowser;
  let page: Page;

  const signInAs = async (who: Person) => {
    await page.goto(`${runtime.url}/sign-in`);
    await fillSignIn(page, people[who].email, PASSWORD);
    await page.getByTestId('signed-in-user').filter({ hasText: people[who].name }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  };
  const dialog = () => page.getByRole('dialog', { name: 'I’m away' });
  const pickDelegate = async (typed: string, name: RegExp) => {
    const delegate = dialog().getByRole('combobox', { name: 'Delegate' });
    await delegate.fill(typed);
    await page.getByRole('option', { name }).click();
  };
  /** Light and dark screenshots; the theme set as the toggle sets it (a modal dialog covers the toggle). */
  const bothThemes = async (name: string) => {
    const theme = (value: 'light' | 'dark') =>
      page.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(value)}`);
    await theme('light');
    await screenshot(page, `${name}-light`);
    await theme('dark');
    await expectAccessible(page, `${name} (dark)`);
    await screenshot(page, `${name}-dark`);
    await theme('light');
  };

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      seed: async (admin) => {
        for (const person of Object.values(people))
          await createUser(admin, { ...person, password: PASSWORD });
      },
      // Max naming himself as his delegate.
      expectedFailures: [{ method: 'PUT', path: /^\/api\/me\/away$/, status: 400 }],
    }));
    rita = createApiClient(runtime.url);
    await rita.signIn(people.rita.email, PASSWORD);
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'away-'));
  afterAll(closeBrowserSuites);

  it('sets “I’m away” in the inbox, refusing himself as delegate beside the field', async () => {
    await signInAs('max');
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'I’m away…' }).click();
    await dialog().waitFor();
    // What it does and does not do, before anything is chosen.
    await dialog().getByText('A step that does not allow delegation keeps its task with you').waitFor();

    await pickDelegate('max', /Max Manager/);
    await dialog().getByLabel('Last day away', { exact: true }).fill(dayFromNow(10));
    await dialog().getByLabel('Note (optional)', { exact: true }).fill('Parental leave, back in spring');
    await dialog().getByRole('button', { name: 'Save' }).click();
    const delegateField = dialog()
      .locator('.field')
      .filter({ has: page.getByRole('combobox', { name: 'Delegate' }) });
    await delegateField.locator('.field__error').filter({ hasText: 'Choose someone else' }).waitFor();
    await expectAccessible(page, 'away dialog with a refusal');
    await bothThemes('away-dialog-refused');
    expect(
      (await api.get<{ items: (Me & { id: string })[] }>('/api/users')).body.items.find((u) => u.id === 'max')
        ?.away,
    ).toBeUndefined();

    await pickDelegate('olg', /Olga Ops/);
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'detached' });
    const status = page.getByTestId('away-status');
    await status.getByText(/^Away through .*: new tasks go to Olga Ops$/).waitFor();
    await status.getByText('Parental leave, back in spring').waitFor();
    await expectAccessible(page, 'inbox while away');
    await bothThemes('away-inbox-status');
  });

  it('hands a new request for Max to Olga, whose inbox says whom it came from', async () => {
    const started = await rita.post<{ id: string }>('/api/instances', {
      workflowId: 'access-approval',
      input: { system: 'crm', accessLevel: 'read', justification: 'Quarterly reports', manager: 'max' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const instance = await api.get<{ history: { type: string; data?: { by?: string; comment?: string } }[] }>(
      `/api/instances/${started.body.id}`,
    );
    expect(instance.body.history.map((entry) => entry.type)).toEqual(['instance.started', 'task.delegated']);
    expect(instance.body.history[1]!.data).toMatchObject({ by: 'max' });
    expect(instance.body.history[1]!.data!.comment).toContain('out-of-office setting of Max Manager');

    // Max's inbox stays empty; Olga's has the task, from Max.
    await page.getByText('Nothing to do').waitFor();
    await signOut();
    await signInAs('olga');
    const row = page.getByTestId('inbox-list').getByRole('button').filter({ hasText: 'Access request' });
    await row.getByTestId('delegated-from').filter({ hasText: 'from Max Manager' }).waitFor();
    await row.click();
    await page.getByRole('heading', { name: 'Access request', level: 2 }).waitFor();
    await expectAccessible(page, 'inbox with a task handed on');
    await bothThemes('away-delegate-inbox');
    // The request's history says who handed it to whom, and why.
    const history = page.getByRole('list', { name: 'History of the request' });
    const handed = history
      .getByRole('listitem')
      .filter({ hasText: 'Max Manager handed “Manager approval” to you.' });
    await handed
      .getByText(/Away until .*: handed on by the out-of-office setting of Max Manager\./)
      .waitFor();
    await handed.scrollIntoViewIfNeeded();
    await bothThemes('away-delegate-history');
    await signOut();
  });

  it('lets an admin see and clear Max’s setting on the Users page', async () => {
    await signInAs('ada');
    await page.goto(`${runtime.url}/admin/users`);
    const maxRow = page.getByTestId('user-max@example.com');
    await maxRow.getByTestId('user-away').filter({ hasText: 'new tasks go to Olga Ops' }).waitFor();
    await expectAccessible(page, 'users with one away');
    await bothThemes('away-admin-users');
    await maxRow.getByRole('button', { name: 'Away setting of Max Manager' }).click();
    const adminDialog = page.getByRole('dialog', { name: 'Max Manager is away' });
    await adminDialog.getByText('keeps its task with them').waitFor();
    await expect(adminDialog.getByLabel('Last day away', { exact: true }).inputValue()).resolves.toBe(
      dayFromNow(10),
    );
    await expect(adminDialog.getByRole('combobox', { name: 'Delegate' }).inputValue()).resolves.toBe(
      'Olga Ops <olga@example.com>',
    );
    await screenshot(page, 'away-admin-dialog-light');
    await adminDialog.getByRole('button', { name: 'Back: clear it' }).click();
    await adminDialog.waitFor({ state: 'detached' });
    await maxRow.getByTestId('user-away').waitFor({ state: 'detached' });
    const listed = await api.get<{ items: (Me & { id: string })[] }>('/api/users');
    expect(listed.body.items.find((user) => user.id === 'max')?.away).toBeUndefined();
    browser.assertNoProblems();
  });
});
