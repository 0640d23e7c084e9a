import { startTableApiPeer } from '@flowline/connectors/testing';
import type { HttpPeer } from '@flowline/connector-sdk/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../support/apiClient';
import { expectAccessible, fillSignIn, keepFailure, screenshot, type TestBrowser } from '../support/browser';
import { ADMIN, closeBrowserSuites, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

const UMA = { email: 'uma@example.com', name: 'Uma Operator', password: 'lighthouse keepers read quietly' };
const VIEWER = { email: 'vic@example.com', name: 'Vic Viewer', password: 'violet lanterns over the bay' };
const SN_LOGIN = { username: 'svc-flowline', password: 'sn-very-secret-7' };

interface ListedUser {
  id: string;
  email: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  mustChangePassword?: boolean;
}

// Administration in a real chromium against the real runtime (scratch data directory): groups,
// inviting a user who then signs in, roles, an API token seen exactly once, a connection whose
// secret is never shown again, testing it against a ServiceNow peer, deactivating the user, and
// the page a non-admin gets. Light and dark screenshots, axe-core on every screen.
describe('administration in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let admin: ApiClient;
  let adminPassword: string;
  let peer: HttpPeer;
  let umaApi: ApiClient;

  beforeAll(async () => {
    peer = await startTableApiPeer({ login: SN_LOGIN });
    ({
      runtime,
      api: admin,
      adminPassword,
      browser,
      page,
    } = await startBrowserSuite({
      expectedFailures: [
        // The stream of a tab whose user was just signed out.
        { method: 'GET', path: /^\/api\/stream$/, status: 401 },
        // The deliberately wrong e-mail of an invitation.
        { method: 'POST', path: /^\/api\/users$/, status: 400 },
        // The admin taking away their own admin role.
        { method: 'PATCH', path: /^\/api\/users\/[^/]+$/, status: 400 },
      ],
    }));
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: runtime.url });
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'admin-'));
  afterAll(async () => {
    await closeBrowserSuites();
    await peer?.close();
  });

  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  };
  const users = async () => (await admin.get<{ items: ListedUser[] }>('/api/users')).body.items;
  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name });

  it('shows an admin the Administration item and the empty groups tab', async () => {
    await page.goto(`${runtime.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await fillSignIn(page, ADMIN, adminPassword);
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Administration' })
      .click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await page.getByTestId(`user-${ADMIN}`).waitFor();

    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByText('No groups yet').waitFor();
    await expectAccessible(page, 'groups (empty)');
    browser.assertNoProblems();
  });

  it('creates a group, with its id from the name', async () => {
    await page.getByRole('button', { name: 'New group' }).click();
    await dialog('New group').getByLabel('Name').fill('Service desk');
    await expect(dialog('New group').getByLabel('Id').inputValue()).resolves.toBe('service-desk');
    await dialog('New group').getByLabel('Description').fill('First line: <b>everything</b> IT');
    await expectAccessible(page, 'new group dialog');
    await dialog('New group').getByRole('button', { name: 'Create group' }).click();
    await page.getByTestId('group-service-desk').waitFor();
    // Text as text: the description's markup is shown, not applied.
    await expect(page.getByTestId('group-service-desk').textContent()).resolves.toContain(
      'First line: <b>everything</b> IT',
    );
    await screenshot(page, 'admin-groups');
    browser.assertNoProblems();
  });

  let oneTime = '';

  it('invites a user with a role and a group and shows the one-time password once', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Invite user' }).click();
    const invite = dialog('Invite user');
    await invite.getByLabel('Name').fill(UMA.name);
    await invite.getByLabel('E-mail').fill('not an e-mail');
    // A new user is a requester until given more.
    await expect(invite.getByRole('checkbox', { name: /^Requester/ }).isChecked()).resolves.toBe(true);
    await invite.getByRole('checkbox', { name: /^Requester/ }).uncheck();
    await invite.getByRole('checkbox', { name: /^Designer/ }).check();
    await invite.getByRole('checkbox', { name: /^Service desk/ }).check();
    await invite.getByRole('button', { name: 'Invite' }).click();
    // The server's word on the e-mail, beside the e-mail field.
    await invite
      .locator('.field--invalid')
      .filter({ has: page.getByLabel('E-mail') })
      .waitFor();
    await expectAccessible(page, 'invite dialog with an error');
    await screenshot(page, 'admin-invite-error');
    await invite.getByLabel('E-mail').fill(UMA.email);
    await invite.getByRole('button', { name: 'Invite' }).click();

    const shown = dialog('User invited');
    await shown.waitFor();
    oneTime = await shown.getByLabel('One-time password').inputValue();
    expect(oneTime).toMatch(/^[a-z]+(-[a-z]+){3}-\d\d$/);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    await expectAccessible(page, 'one-time password');
    await screenshot(page, 'admin-invited');
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(page.content()).resolves.not.toContain(oneTime);

    const row = page.getByTestId(`user-${UMA.email}`);
    await expect(row.textContent()).resolves.toMatch(/Designer.*Service desk.*Password to choose/);
    const uma = (await users()).find((u) => u.email === UMA.email);
    expect(uma).toMatchObject({ roles: ['designer'], groups: ['service-desk'], mustChangePassword: true });
    browser.assertNoProblems();
  });

  it('refuses to take away your own admin role, and says why beside the roles', async () => {
    const mine = page.getByTestId(`user-${ADMIN}`);
    await expect(mine.getByRole('button', { name: /^Deactivate/ }).count()).resolves.toBe(0);
    await mine.getByRole('button', { name: /^Edit / }).click();
    const edit = dialog(/^Edit /);
    await edit.getByText('This is you: you cannot remove your own Admin role').waitFor();
    await edit.getByRole('checkbox', { name: /^Admin/ }).uncheck();
    await edit.getByRole('checkbox', { name: /^Viewer/ }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit
      .locator('.field__error')
      .filter({ hasText: 'Keep Admin: another admin may remove it from you' })
      .waitFor();
    await expectAccessible(page, 'editing yourself, refused');
    await screenshot(page, 'admin-self-demote-refused');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    expect((await users()).find((u) => u.email === ADMIN)?.roles).toEqual(['admin']);
    browser.assertNoProblems();
  });

  it('changes the user’s roles', async () => {
    await page.getByRole('button', { name: `Edit ${UMA.name}` }).click();
    const edit = dialog(`Edit ${UMA.name}`);
    await edit.getByRole('checkbox', { name: /^Approver/ }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect(page.getByTestId(`user-${UMA.email}`).textContent()).resolves.toMatch(/Designer.*Approver/);
    expect((await users()).find((u) => u.email === UMA.email)?.roles).toEqual(['designer', 'approver']);
    await expectAccessible(page, 'users');
    await screenshot(page, 'admin-users');
    browser.assertNoProblems();
  });

  it('shows a group’s members and adds one', async () => {
    await page.getByRole('link', { name: 'Groups' }).click();
    await expect(page.getByTestId('group-service-desk').getByRole('cell').nth(2).textContent()).resolves.toBe(
      '1',
    );
    await page.getByRole('button', { name: 'Members of Service desk' }).click();
    const members = dialog('Members of Service desk');
    await members.getByRole('list', { name: 'Members' }).getByText(UMA.name).waitFor();
    await members.getByLabel('Add a member').selectOption({ label: `Administrator (${ADMIN})` });
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    await members.getByRole('list', { name: 'Members' }).getByText('Administrator').waitFor();
    await expectAccessible(page, 'group members');
    await screenshot(page, 'admin-group-members');
    await members.getByRole('button', { name: `Remove Administrator from Service desk` }).click();
    await members
      .getByRole('list', { name: 'Members' })
      .getByText('Administrator')
      .waitFor({ state: 'detached' });
    await expect(members.getByRole('listitem').count()).resolves.toBe(1);
    await members.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    browser.assertNoProblems();
  });

  it('lets the invited user sign in, choose a password, and not administer', async () => {
    await signOut();
    await fillSignIn(page, UMA.email, oneTime);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await page.getByLabel('Current password').fill(oneTime);
    await page.getByLabel('New password', { exact: true }).fill(UMA.password);
    await page.getByLabel('Repeat the new password').fill(UMA.password);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    // Back where the admin signed out (/admin/users): not hers.
    await page.getByRole('heading', { name: 'You are not allowed to administer Flowline' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Workflows' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Administration' }).count()).resolves.toBe(0);

    await page.goto(`${runtime.url}/admin/connections`);
    await page.getByRole('heading', { name: 'You are not allowed to administer Flowline' }).waitFor();
    await expectAccessible(page, 'not allowed (designer)');
    await screenshot(page, 'admin-not-allowed');

    // A session of hers outside the browser, to see it refused once she is deactivated.
    umaApi = createApiClient(runtime.url);
    expect((await umaApi.signIn(UMA.email, UMA.password)).status).toBe(200);
    await page.goto(`${runtime.url}/workflows`);
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await signOut();
    await fillSignIn(page, ADMIN, adminPassword);
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    browser.assertNoProblems();
  });

  it('creates an API token and shows it exactly once', async () => {
    await page.goto(`${runtime.url}/admin/tokens`);
    await page.getByText('No API tokens').waitFor();
    await page.getByRole('button', { name: 'New token' }).click();
    const create = dialog('New API token');
    await create.getByLabel('Name').fill('CMDB sync');
    await create.getByRole('checkbox', { name: /^Viewer/ }).check();
    await create.getByRole('button', { name: 'Create token' }).click();
    const shown = dialog('Token created');
    const token = await shown.getByLabel('The token “CMDB sync”').inputValue();
    expect(token.length).toBeGreaterThan(20);
    await screenshot(page, 'admin-token-created');
    await expectAccessible(page, 'token created');
    const me = await fetch(`${runtime.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);

    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('token-CMDB sync').waitFor();
    await expect(page.content()).resolves.not.toContain(token);
    await page.reload();
    await page.getByTestId('token-CMDB sync').waitFor();
    await expect(page.content()).resolves.not.toContain(token);
    const listed = await admin.get('/api/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    await screenshot(page, 'admin-tokens');
    browser.assertNoProblems();
  });

  it('lists everyone’s tokens and revokes another one from there', async () => {
    const spare = await admin.post<{ token: string }>('/api/tokens', {
      name: 'Old script',
      roles: ['viewer'],
    });
    expect(spare.status).toBe(201);
    await page.reload();
    const all = page.getByTestId('all-tokens');
    await all.getByRole('row').filter({ hasText: 'Old script' }).filter({ hasText: ADMIN }).waitFor();
    await all.getByRole('row').filter({ hasText: 'CMDB sync' }).waitFor();
    await expectAccessible(page, 'everyone’s tokens');
    await screenshot(page, 'admin-all-tokens');
    await all.getByRole('button', { name: /^Revoke Old script of / }).click();
    const confirm = page.getByRole('dialog', { name: /token Old script\?$/ });
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'detached' });
    await all.getByRole('row').filter({ hasText: 'Old script' }).waitFor({ state: 'detached' });
    const me = await fetch(`${runtime.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${spare.body.token}` },
    });
    expect(me.status).toBe(401);
    await page.getByTestId('token-CMDB sync').waitFor();
    browser.assertNoProblems();
  });

  it('creates a connection from the connector’s schemas; its secret is never shown again', async () => {
    await page.goto(`${runtime.url}/admin/connections`);
    await page.getByText('No connections yet').waitFor();
    await page.getByRole('button', { name: 'New connection' }).click();
    const create = dialog('New connection');
    // A secret inside a variant (the HTTP connector's bearer token) is a password field too.
    await create.getByLabel('Connector').selectOption({ label: 'HTTP' });
    await create.getByLabel('Kind').selectOption({ label: 'Bearer token' });
    await expect(create.getByLabel(/^Token/).getAttribute('type')).resolves.toBe('password');
    await create.getByLabel('Connector').selectOption({ label: 'ServiceNow' });
    await create.getByLabel('Name', { exact: true }).fill('prod');
    await create.getByLabel(/^Username/).fill(SN_LOGIN.username);
    await create.getByLabel(/^Instance URL/).fill(peer.url);
    await create.getByRole('button', { name: 'Create connection' }).click();
    // The password is missing: said beside it, nothing sent.
    await create
      .locator('.field--invalid')
      .filter({ has: page.getByLabel(/^Password/) })
      .waitFor();
    await expect(create.getByLabel(/^Password/).getAttribute('type')).resolves.toBe('password');
    await expectAccessible(page, 'new connection with an error');
    await screenshot(page, 'admin-connection-form');
    await create.getByLabel(/^Password/).fill(SN_LOGIN.password);
    await create.getByRole('button', { name: 'Create connection' }).click();
    await page.getByTestId('connection-prod').waitFor();
    await expect(page.content()).resolves.not.toContain(SN_LOGIN.password);

    await page.getByRole('button', { name: 'Test prod' }).click();
    await page
      .getByTestId('connection-prod')
      .getByText(/^Works/)
      .waitFor();
    await screenshot(page, 'admin-connections');

    // Edit: settings are filled in, secrets are blank; saving without retyping keeps them.
    await page.getByRole('button', { name: 'Edit prod' }).click();
    const edit = dialog('Edit prod');
    await expect(edit.getByLabel(/^Instance URL/).inputValue()).resolves.toBe(peer.url);
    await expect(edit.getByLabel(/^Password/).inputValue()).resolves.toBe('');
    await expect(edit.getByLabel(/^Username/).inputValue()).resolves.toBe('');
    await edit.getByText('Stored: leave blank to keep it').first().waitFor();
    await expect(page.content()).resolves.not.toContain(SN_LOGIN.password);
    await expect(page.content()).resolves.not.toContain(SN_LOGIN.username);
    await expectAccessible(page, 'edit connection');
    await screenshot(page, 'admin-connection-edit');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Test prod' }).click();
    await page
      .getByTestId('connection-prod')
      .getByText(/^Works/)
      .waitFor();

    // The API answers never carry it either.
    const listed = await admin.get<{ items: { id: string; name: string }[] }>('/api/connections');
    const id = listed.body.items.find((c) => c.name === 'prod')!.id;
    const detail = await admin.get(`/api/connections/${id}`);
    for (const answer of [listed, detail]) {
      expect(JSON.stringify(answer.body)).not.toContain(SN_LOGIN.password);
      expect(JSON.stringify(answer.body)).not.toContain(SN_LOGIN.username);
    }
    expect(detail.body).toMatchObject({ storedCredentials: ['username', 'password'] });

    // A wrong password retyped: the test says why, without the secret.
    await page.getByRole('button', { name: 'Edit prod' }).click();
    await dialog('Edit prod')
      .getByLabel(/^Password/)
      .fill('not-the-password-9');
    await dialog('Edit prod').getByRole('button', { name: 'Save' }).click();
    await dialog('Edit prod').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Test prod' }).click();
    const failed = page.getByTestId('connection-prod').locator('.connection-test__failed');
    await failed.waitFor();
    await expect(failed.textContent()).resolves.not.toContain('not-the-password-9');
    browser.assertNoProblems();
  });

  it('lists the installed connectors with their versions and actions', async () => {
    await page.getByRole('link', { name: 'Connectors' }).click();
    const servicenow = page.getByRole('article', { name: 'ServiceNow' });
    await servicenow.waitFor();
    await expect(servicenow.textContent()).resolves.toMatch(/Version \d+\.\d+\.\d+/);
    await expect(servicenow.getByRole('row').count()).resolves.toBeGreaterThan(1);
    await expectAccessible(page, 'connectors');
    await screenshot(page, 'admin-connectors');
    browser.assertNoProblems();
  });

  it('deletes a connection after asking', async () => {
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Delete prod' }).click();
    const confirm = dialog('Delete the connection prod?');
    await expectAccessible(page, 'delete connection');
    await confirm.getByRole('button', { name: 'Delete connection' }).click();
    await page.getByText('No connections yet').waitFor();
    browser.assertNoProblems();
  });

  it('deactivates the user, whose next request is refused', async () => {
    expect((await umaApi.get('/api/auth/me')).status).toBe(200);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: `Deactivate ${UMA.name}` }).click();
    await dialog(`Deactivate ${UMA.name}?`).getByRole('button', { name: 'Deactivate' }).click();
    await page.getByTestId(`user-${UMA.email}`).getByText('Deactivated').waitFor();
    expect((await umaApi.get('/api/auth/me')).status).toBe(401);
    const again = await fetch(`${runtime.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: UMA.email, password: UMA.password }),
    });
    expect(again.status).toBe(401);
    expect((await users()).find((u) => u.email === UMA.email)?.disabled).toBe(true);
    browser.assertNoProblems();
  });

  it('resets a password: a new one-time password, shown once', async () => {
    await page.getByRole('button', { name: `Reset password of ${UMA.name}` }).click();
    await dialog(`Reset the password of ${UMA.name}?`)
      .getByRole('button', { name: 'Reset password' })
      .click();
    const shown = dialog('Password reset');
    const password = await shown.getByLabel('One-time password').inputValue();
    expect(password).not.toBe(oneTime);
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(page.content()).resolves.not.toContain(password);
    expect((await users()).find((u) => u.email === UMA.email)?.mustChangePassword).toBe(true);
    browser.assertNoProblems();
  });

  it('looks right in the dark theme', async () => {
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    const tabs = {
      users: 'Users',
      groups: 'Groups',
      tokens: 'API tokens',
      connections: 'Connections',
      connectors: 'Connectors',
    };
    for (const [tab, label] of Object.entries(tabs)) {
      await page
        .getByRole('navigation', { name: 'Administration' })
        .getByRole('link', { name: label })
        .click();
      await page.waitForURL(`**/admin/${tab}`);
      await page.locator('.admin-section__title').first().waitFor();
      // Each section loads on its own (the tokens tab has two): wait until none is loading.
      await expect.poll(() => page.locator('.loading').count(), { timeout: 10_000 }).toBe(0);
      await expectAccessible(page, `${tab} (dark)`);
      await screenshot(page, `admin-${tab}-dark`);
    }
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Invite user' }).click();
    await expectAccessible(page, 'invite dialog (dark)');
    await screenshot(page, 'admin-invite-dark');
    await dialog('Invite user').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });

  it('shows a viewer no Administration item, and the not-allowed page at /admin', async () => {
    expect((await admin.post('/api/users', { ...VIEWER, roles: ['viewer'] })).status).toBe(201);
    await signOut();
    await fillSignIn(page, VIEWER.email, VIEWER.password);
    // Back where the admin signed out (/admin/users): not the viewer's.
    await page.getByRole('heading', { name: 'You are not allowed to administer Flowline' }).waitFor();
    await page.getByRole('link', { name: 'Go to the workflows' }).click();
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).count(),
    ).resolves.toBe(0);
    await page.goto(`${runtime.url}/admin`);
    await page.getByRole('heading', { name: 'You are not allowed to administer Flowline' }).waitFor();
    await expect(page.getByRole('button', { name: 'Invite user' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'not allowed (viewer)');
    browser.assertNoProblems();
  });
});
