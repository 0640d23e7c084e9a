import type { Page } from 'playwright-core';
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
import { ADMIN, closeBrowserSuites, createUser, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

const VIEWER = { email: 'vera@example.com', name: 'Vera Viewer', password: 'lanterns along the quay' };
const PATH = '/api/definitions/access-approval/retention';

// An administrator sets how long a workflow's ended instances are kept from the editor's workflow
// settings (issue 13's retention had only the API): the policy in effect in words, a bad number
// refused at its field with nothing stored, a policy of its own saved and taken back; a viewer
// sees none of it and asks the server nothing about it.
describe("a workflow's data retention in the designer", () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;
  let adminPassword: string;

  beforeAll(async () => {
    ({ runtime, api, adminPassword, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      seed: async (admin) => void (await createUser(admin, { ...VIEWER, roles: ['viewer'] })),
      // The refused number below, on purpose.
      expectedFailures: [
        { method: 'PUT', path: /^\/api\/definitions\/access-approval\/retention$/, status: 400 },
      ],
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'retention-'));
  afterAll(closeBrowserSuites);

  const section = () => page.getByRole('region', { name: 'Data retention' });
  const days = () => section().getByLabel('Keep ended instances for (days)');
  const effective = () => section().getByTestId('retention-effective');
  const stored = async () => (await api.get<{ own?: unknown }>(PATH)).body;

  it('shows the policy in effect, refuses a bad number at its field, saves one of its own and takes it back', async () => {
    await signIn(page, runtime.url, ADMIN, adminPassword);
    await openWorkflow(page, runtime.url, 'access-approval', 'node');
    await section().waitFor();
    await expect(effective().textContent()).resolves.toBe(
      'Ended instances are kept forever. (the global policy of this runtime)',
    );
    expect(await section().getByRole('button', { name: 'Use the global policy' }).count()).toBe(0);

    // Not a number: said at once, and the form cannot be sent.
    await days().fill('soon');
    await section().getByText('Enter a number of days, or leave it empty').waitFor();
    await expect(section().getByRole('button', { name: 'Save retention' }).isDisabled()).resolves.toBe(true);

    // A number the server refuses: its message at the field, nothing stored.
    await days().fill('2.5');
    await section().getByRole('button', { name: 'Save retention' }).click();
    await section().locator('.field--invalid .field__error').waitFor();
    await expect(days().getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await stored()).own).toBeUndefined();

    await days().fill('30');
    await section().getByLabel('Then').selectOption('archive');
    await section().getByRole('button', { name: 'Save retention' }).click();
    await section().getByText('Saved; the next prune run applies it.').waitFor();
    await expect(effective().textContent()).resolves.toMatch(
      /^Ended instances are written to the audit archive and deleted 30 days after they end\. \(this workflow’s own, set by .+ on \d{4}-\d{2}-\d{2}\)$/,
    );
    expect((await stored()).own).toMatchObject({ endedInstancesDays: 30, mode: 'archive' });
    await expectAccessible(page, 'workflow settings with retention');
    await screenshot(page, 'retention-own-policy');

    // What was saved is what the form shows after a reload.
    await page.reload();
    await section().waitFor();
    await expect(days().inputValue()).resolves.toBe('30');
    await expect(section().getByLabel('Then').inputValue()).resolves.toBe('archive');

    await section().getByRole('button', { name: 'Use the global policy' }).click();
    await expect
      .poll(() => effective().textContent())
      .toBe('Ended instances are kept forever. (the global policy of this runtime)');
    expect((await stored()).own).toBeUndefined();
    await expect.poll(() => days().inputValue()).toBe('');
    browser.assertNoProblems();
  });

  it('is not shown to a viewer, and the designer does not ask for it', async () => {
    await browser.context.clearCookies();
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/retention')) asked.push(request.url());
    });
    await signIn(page, runtime.url, VIEWER.email, VIEWER.password);
    await openWorkflow(page, runtime.url, 'access-approval', 'node');
    await page.getByRole('form', { name: 'Workflow settings' }).waitFor();
    expect(await section().count()).toBe(0);
    expect(asked).toEqual([]);
    browser.assertNoProblems();
  });
});
