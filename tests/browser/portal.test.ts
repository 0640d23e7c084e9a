import { build, buildState, inputsHash } from '@flowline/designer/build';
import { exampleWorkflows } from '@flowline/examples';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../support/apiClient';
import { expectAccessible, launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const ADMIN = 'admin@localhost';
const PASSWORD = 'amber lanterns over the quay';
const people = {
  rita: { email: 'rita@example.com', name: 'Rita Requester', roles: ['requester'], groups: [] as string[] },
  max: { email: 'max@example.com', name: 'Max Manager', roles: ['approver'], groups: [] as string[] },
  gina: { email: 'gina@example.com', name: 'Gina Desk', roles: ['approver'], groups: ['desk'] },
  gus: { email: 'gus@example.com', name: 'Gus Desk', roles: ['approver'], groups: ['desk'] },
  vic: { email: 'vic@example.com', name: 'Vic Viewer', roles: ['viewer'], groups: [] as string[] },
};
type Person = keyof typeof people;
const ids = {} as Record<Person, string>;
const access = exampleWorkflows.find((e) => e.id === 'access-approval')!.definition as {
  nodes: { id: string; kind: string }[];
};
// The same request, decided by the service desk group instead of the manager.
const deskRequest = {
  ...structuredClone(access),
  id: 'desk-request',
  name: 'Desk access request',
  description: 'Access decided by whoever of the service desk gets to it first.',
  nodes: access.nodes.map((node) =>
    node.id === 'managerApproval'
      ? { ...node, assignees: [{ type: 'group', id: 'desk' }], segregationOfDuties: false }
      : node,
  ),
};
// The desk's approval with a form to fill in (a key press must not decide it blind).
const deskForm = {
  ...deskRequest,
  id: 'desk-form',
  name: 'Desk form request',
  nodes: deskRequest.nodes.map((node) =>
    node.id === 'managerApproval'
      ? {
          ...node,
          title: 'Form access request',
          form: [{ key: 'ticket', label: 'Ticket number', type: 'string', required: true }],
        }
      : node,
  ),
};

// The request portal and the inbox in real chromium against the real runtime (scratch data
// directory, examples published): a request with a field error, fixed; the manager's inbox
// updating live; the decision in the requester's timeline; a group task leaving the other
// member's inbox live; a viewer with no controls, refused by the API too.
describe('the request portal and the inbox in a browser', () => {
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let left: TestBrowser;
  let right: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    const hash = inputsHash();
    if (buildState(hash) !== 'fresh') build(hash);
    runtime = await startRuntime({ seedExamples: true });
    api = createApiClient(runtime.url);
    await api.signInFirstTime(ADMIN, runtime.adminPassword!);
    expect((await api.post('/api/groups', { id: 'desk', name: 'Service desk' })).status).toBe(201);
    for (const [key, person] of Object.entries(people)) {
      const created = await api.post<{ id: string }>('/api/users', { ...person, password: PASSWORD });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[key as Person] = created.body.id;
    }
    expect(
      (await api.put('/api/definitions/desk-request', { draftRev: 0, definition: deskRequest })).status,
    ).toBe(200);
    expect((await api.post('/api/definitions/desk-request/publish')).status).toBe(201);
    const expectedFailures = [
      { method: 'GET', path: /^\/api\/auth\/me$/, status: 401 },
      // The request sent with a missing field.
      { method: 'POST', path: /^\/api\/instances$/, status: 400 },
      // Delegating to someone who is not a user.
      { method: 'POST', path: /^\/api\/tasks\/[^/]+\/delegate$/, status: 400 },
      // A requester opening someone else's run or request by its address.
      { method: 'GET', path: /^\/api\/instances\/[^/]+$/, status: 404 },
    ];
    left = await launchBrowser({ expectedFailures });
    right = await launchBrowser({ expectedFailures });
    a = await left.newPage();
    b = await right.newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [name, page, browser] of [
      ['a', a, left],
      ['b', b, right],
    ] as const) {
      if (!page) continue;
      const file = await screenshot(
        page,
        `failed-portal-${name}-${task.name.replace(/\W+/g, '-').slice(0, 50)}`,
      );
      console.error(`Screen ${name} at the failure: ${file}\n  ${browser.problems().join('\n  ')}`);
    }
  });
  afterAll(async () => {
    await left?.close();
    await right?.close();
    await killAllRuntimes();
  });

  const signInAs = async (page: Page, who: Person) => {
    await page.goto(`${runtime.url}/sign-in`);
    await page.getByLabel('E-mail', { exact: true }).fill(people[who].email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-user').filter({ hasText: people[who].name }).waitFor();
  };
  const signOut = async (page: Page) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  };
  const openNav = async (page: Page, label: 'Inbox' | 'Requests') => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { name: label, level: 1 }).waitFor();
  };
  const fieldOf = (page: Page, label: string) =>
    page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) });
  const inboxItems = (page: Page) => page.getByTestId('inbox-list').getByRole('button');

  it('sends a request with a field error, fixes it, and the manager sees it arrive without reloading', async () => {
    // An approver's work is the inbox: that is where signing in leads them.
    await signInAs(b, 'max');
    await b.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    expect(new URL(b.url()).pathname).toBe('/inbox');
    await b.getByText('Nothing to do').waitFor();
    await expectAccessible(b, 'inbox (empty)');

    await signInAs(a, 'rita');
    await openNav(a, 'Requests');
    const card = a.getByRole('listitem').filter({ hasText: 'Access request approval' });
    await card.getByText('Their manager approves').waitFor();
    await a.getByText('You have not sent any requests').waitFor();
    await expectAccessible(a, 'request portal');
    await screenshot(a, 'portal-catalogue');
    await a.getByRole('link', { name: 'Start: Access request approval' }).click();
    await a.getByRole('heading', { name: 'Access request approval', level: 1 }).waitFor();

    await a.getByLabel('System', { exact: true }).selectOption('crm');
    await a.getByLabel('Access level', { exact: true }).selectOption('write');
    // A person field: picked from the people directory by name, sent as the user id.
    const manager = a.getByRole('combobox', { name: 'Your manager' });
    await manager.fill('max');
    await a.getByRole('option', { name: /Max Manager/ }).waitFor();
    await expectAccessible(a, 'request form with the people picker open');
    await screenshot(a, 'portal-person-picker');
    await manager.press('Enter');
    await expect(manager.inputValue()).resolves.toBe('Max Manager <max@example.com>');
    await a.getByRole('button', { name: 'Send request' }).click();
    // The server's message, beside the field it is about (and announced with it).
    const why = fieldOf(a, 'Why do you need it?');
    await why.locator('.field__error').filter({ hasText: '"Why do you need it?" is required' }).waitFor();
    await expect(
      a.getByLabel('Why do you need it?', { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expectAccessible(a, 'request form with an error');
    await screenshot(a, 'portal-form-error');

    await a.getByLabel('Why do you need it?', { exact: true }).fill('Quarterly <b>reports</b> for the board');
    await a.getByRole('button', { name: 'Send request' }).click();
    await a.getByText('Your request was sent.').waitFor();
    const progress = a.getByRole('list', { name: 'Progress of the request' });
    await progress.getByText('You sent the request.').waitFor();
    await progress.getByText('Waiting for Max Manager to decide “Manager approval”.').waitFor();
    // The person field reads as the person's name.
    await a.locator('.details__row').filter({ hasText: 'Your manager' }).getByText('Max Manager').waitFor();
    await a.getByText('Quarterly <b>reports</b> for the board').waitFor();

    // The manager's inbox, open all along, shows the task without a reload.
    await inboxItems(b).filter({ hasText: 'Access request' }).waitFor();
    await inboxItems(b).filter({ hasText: 'Access request' }).click();
    await b.getByRole('heading', { name: 'Access request', level: 2 }).waitFor();
    await b.getByText('Approve if the access fits the employee').waitFor();
    await b.getByText('Quarterly <b>reports</b> for the board').waitFor();
    await expectAccessible(b, 'inbox with a task');
    await screenshot(b, 'inbox-task');
    await b.getByLabel('Comment', { exact: true }).fill('Fits the role; approved for a quarter.');
    await b.getByRole('button', { name: 'Approve' }).click();
    await b.getByText('Nothing to do').waitFor();

    // The requester's page follows: the decision, its comment, and the end.
    await progress.getByText('Max Manager approved “Manager approval”.').waitFor();
    await progress.getByText('Fits the role; approved for a quarter.').waitFor();
    await progress.getByText('The request was completed.').waitFor();
    await a.getByText('Completed', { exact: true }).waitFor();
    await expectAccessible(a, 'request timeline');
    await screenshot(a, 'portal-timeline');
    await a.getByRole('link', { name: 'All requests' }).click();
    await a.getByTestId('my-requests').getByRole('link', { name: 'Access request approval' }).waitFor();
    left.assertNoProblems();
    right.assertNoProblems();
  });

  it('shows a group task to both members; one decides from the keyboard; it leaves the other inbox live', async () => {
    await signOut(a);
    await signOut(b);
    const started = await api.post<{ id: string }>('/api/instances', {
      workflowId: 'desk-request',
      input: { system: 'erp', accessLevel: 'read', justification: 'Month-end close', manager: ids.max },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await signInAs(a, 'gina');
    await openNav(a, 'Inbox');
    await signInAs(b, 'gus');
    await openNav(b, 'Inbox');
    for (const page of [a, b])
      await inboxItems(page).filter({ hasText: 'Access request' }).filter({ hasText: 'desk' }).waitFor();

    // Triage from the keyboard: ? for help, j to open the first task, a to approve.
    await a.keyboard.press('?');
    await a.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectAccessible(a, 'shortcut help');
    await a.keyboard.press('Escape');
    await a.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
    await a.keyboard.press('j');
    await a.getByRole('heading', { name: 'Access request', level: 2 }).waitFor();
    // Typing in the comment is typing, not triage.
    await a.getByLabel('Comment', { exact: true }).fill('');
    await a.getByLabel('Comment', { exact: true }).pressSequentially('ok as asked');
    await expect(a.getByLabel('Comment', { exact: true }).inputValue()).resolves.toBe('ok as asked');
    await a.getByRole('heading', { name: 'Access request', level: 2 }).click();
    await a.keyboard.press('a');
    await a.getByText('Nothing to do').waitFor();

    // Gus never reloads: the task leaves his inbox.
    await b.getByText('Nothing to do').waitFor();
    const instance = await api.get<{
      status: string;
      history: { type: string; actor?: string; data: { comment?: string } }[];
    }>(`/api/instances/${started.body.id}`);
    const decided = instance.body.history.find((h) => h.type === 'task.decided');
    expect(decided).toMatchObject({ actor: ids.gina, data: { comment: 'ok as asked' } });
    left.assertNoProblems();
    right.assertNoProblems();
  });

  it('decides from the keyboard with feedback, and asks first for the comment or form a decision needs', async () => {
    expect((await api.put('/api/definitions/desk-form', { draftRev: 0, definition: deskForm })).status).toBe(
      200,
    );
    expect((await api.post('/api/definitions/desk-form/publish')).status).toBe(201);
    // A person field must name an active user (the runtime checks at start); the desk decides.
    const input = { system: 'erp', accessLevel: 'read', justification: 'Audit', manager: ids.max };
    const runs: string[] = [];
    for (const workflowId of ['desk-request', 'desk-request', 'desk-form']) {
      const started = await api.post<{ id: string }>('/api/instances', { workflowId, input });
      expect(started.status).toBe(201);
      runs.push(started.body.id);
    }
    // Gina, signed in since the test before.
    await a.goto(`${runtime.url}/inbox`);
    await expect.poll(() => inboxItems(a).count()).toBe(3);
    /** The label of the field holding keyboard focus (a string: it runs in the page). */
    const focusedLabel = () =>
      a.evaluate<string | null>('document.activeElement?.labels?.[0]?.textContent ?? null');

    // A task with a form: `a` opens the form instead of deciding.
    await inboxItems(a).filter({ hasText: 'Form access request' }).click();
    const formTitle = a.getByRole('heading', { name: 'Form access request', level: 2 });
    await formTitle.click();
    await a.keyboard.press('a');
    await a.getByText('Fill in the form, then choose Approve.').waitFor();
    await expect.poll(focusedLabel).toMatch(/^Ticket number/);
    await expect(inboxItems(a).count()).resolves.toBe(3);

    // Rejecting needs a comment: `r` asks for it and decides nothing.
    await inboxItems(a)
      .filter({ hasText: /^Access request/ })
      .first()
      .click();
    const title = a.getByRole('heading', { name: 'Access request', level: 2 });
    await title.click();
    await a.keyboard.press('r');
    await a.getByText('Say why in the comment (needed to reject).').waitFor();
    await expect.poll(focusedLabel).toBe('Comment');
    await expect(inboxItems(a).count()).resolves.toBe(3);

    // Approving needs nothing more: decided, said, and the next task is selected.
    await title.click();
    await a.keyboard.press('a');
    await a.getByTestId('inbox-decided').filter({ hasText: 'Approved “Access request”.' }).waitFor();
    await expect.poll(() => inboxItems(a).count()).toBe(2);
    await a.locator('.inbox__item--selected').waitFor();
    await a.locator('.task__title').waitFor();
    await expectAccessible(a, 'inbox after a decision from the keyboard');
    await screenshot(a, 'inbox-after-key-approve');
    left.assertNoProblems();
    // The desk's inbox as the tests after this one expect it: the two left are cancelled.
    for (const id of runs) {
      const run = await api.get<{ status: string }>(`/api/instances/${id}`);
      if (run.body.status === 'running')
        expect((await api.post(`/api/instances/${id}/cancel`, { reason: 'Test done' })).status).toBe(200);
    }
  });

  it('signs out cleanly while a read is still under way: it is answered first, no 401 follows', async () => {
    // Gina, still signed in. The inbox's read is held back for a while, as on a slow network.
    let held = 0;
    await a.route(/\/api\/tasks(\?|$)/, async (route) => {
      held += 1;
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const isTasks = (url: string) => new URL(url).pathname === '/api/tasks';
    const read = a.waitForRequest((request) => isTasks(request.url()));
    const answered = a.waitForResponse((response) => isTasks(response.url()));
    await a.goto(`${runtime.url}/inbox`);
    await read;
    await signOut(a);
    // The held read was answered under the session (200): the sign-out waited for it.
    expect((await answered).status()).toBe(200);
    await a.unroute(/\/api\/tasks(\?|$)/);
    expect(held).toBeGreaterThan(0);
    left.assertNoProblems();
    await signInAs(a, 'gina');
  });

  it("shows a requester only their own requests and screens; another's run is not found", async () => {
    const others = await api.get<{ items: { id: string; startedBy: string }[] }>('/api/instances?limit=50');
    const other = others.body.items.find((i) => i.startedBy !== ids.rita)!;
    expect(other).toBeDefined();
    await signOut(a);
    await signInAs(a, 'rita');
    // Home is the portal; the navigation offers only what a requester may use.
    await a.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    const nav = a.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Requests']);
    const mine = a.getByTestId('my-requests').locator('tbody tr');
    await mine.first().waitFor();
    await expect(mine.count()).resolves.toBe(1);
    await expectAccessible(a, 'request portal (requester)');
    await screenshot(a, 'portal-requester');
    // Someone else's run, by its address: answered as missing, as the API does.
    for (const address of [`/runs/${other.id}`, `/requests/${other.id}`]) {
      await a.goto(`${runtime.url}${address}`);
      await a.getByText(`There is no instance ${other.id}`).waitFor();
    }
    await screenshot(a, 'portal-requester-other-request');
    const requester = createApiClient(runtime.url);
    await requester.signIn(people.rita.email, PASSWORD);
    const listed = await requester.get<{ items: { startedBy: string }[] }>('/api/instances');
    expect(listed.body.items.map((i) => i.startedBy)).toEqual([ids.rita]);
    expect((await requester.get(`/api/instances/${other.id}`)).status).toBe(404);
    expect((await requester.get('/api/statistics/workflows')).status).toBe(403);
    left.assertNoProblems();
  });

  it('gives a viewer no controls to start or decide, and the API refuses them too', async () => {
    await signOut(a);
    await signInAs(a, 'vic');
    const nav = a.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Inbox' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Requests' }).count()).resolves.toBe(0);
    await a.goto(`${runtime.url}/requests/new/access-approval`);
    await a.getByText('Your role cannot start requests.').waitFor();
    await expect(a.getByRole('button', { name: 'Send request' }).count()).resolves.toBe(0);
    await openNav(a, 'Inbox');
    await a.getByText('Nothing to do').waitFor();
    await expectAccessible(a, 'inbox (viewer)');

    const viewer = createApiClient(runtime.url);
    await viewer.signIn(people.vic.email, PASSWORD);
    expect((await viewer.get('/api/request-forms')).status).toBe(403);
    const start = await viewer.post('/api/instances', {
      workflowId: 'access-approval',
      input: { system: 'crm', accessLevel: 'read', justification: 'x', manager: ids.max },
    });
    expect(start.status).toBe(403);
    // A task of Max's: the viewer can neither decide nor delegate it.
    await api.post('/api/instances', {
      workflowId: 'access-approval',
      input: { system: 'crm', accessLevel: 'read', justification: 'x', manager: ids.max },
    });
    const manager = createApiClient(runtime.url);
    await manager.signIn(people.max.email, PASSWORD);
    const tasks = await manager.get<{ items: { id: string }[] }>('/api/tasks');
    const taskId = encodeURIComponent(tasks.body.items[0]!.id);
    expect((await viewer.post(`/api/tasks/${taskId}/decide`, { outcome: 'approved' })).status).toBe(403);
    expect((await viewer.post(`/api/tasks/${taskId}/delegate`, { to: people.vic.email })).status).toBe(403);
    left.assertNoProblems();
  });

  it('keeps a 1,000-task inbox virtualised: few rows in the page, the last one reachable, j/k still quick', async () => {
    const started = Date.now();
    const input = { system: 'erp', accessLevel: 'read', justification: 'Bulk', manager: ids.max };
    for (let batch = 0; batch < 1000; batch += 10)
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const answer = await api.post('/api/instances', { workflowId: 'desk-request', input });
          expect(answer.status).toBe(201);
        }),
      );
    const seeding = Date.now() - started;
    await b.goto(`${runtime.url}/inbox`);
    const shown = Date.now();
    await b.getByText('1000 open tasks').waitFor({ timeout: 60_000 });
    const loading = Date.now() - shown;
    const rows = await inboxItems(b).count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(60);
    // Scrolled to the end, the last rows are drawn (and still only a window of them).
    await b.getByTestId('inbox-list').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await b.locator('[aria-posinset="1000"]').waitFor();
    expect(await inboxItems(b).count()).toBeLessThan(60);
    // Triage from the keyboard through 40 tasks: each press selects the next row, scrolled into view.
    await b.getByTestId('inbox-list').evaluate((element) => element.scrollTo(0, 0));
    await b.getByRole('heading', { name: 'Inbox', level: 1 }).click();
    const pressing = Date.now();
    for (let i = 0; i < 40; i++) await b.keyboard.press('j');
    await b.locator('[aria-posinset="40"] [aria-current="true"]').waitFor();
    const triage = Date.now() - pressing;
    await screenshot(b, 'inbox-1000');
    console.info(
      `1,000-task inbox: seeded in ${seeding} ms, listed in ${loading} ms, ${rows} rows in the page, 40 × j in ${triage} ms`,
    );
    right.assertNoProblems();
  }, 240_000);

  it('looks right in the dark theme too', async () => {
    await signOut(a);
    await signInAs(a, 'max');
    await openNav(a, 'Inbox');
    await inboxItems(a).first().click();
    await a.getByRole('heading', { name: 'Access request', level: 2 }).waitFor();
    await a.getByTestId('theme-toggle').click();
    await expect(a.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    await expectAccessible(a, 'inbox (dark)');
    await screenshot(a, 'inbox-task-dark');
    await openNav(a, 'Requests');
    await expectAccessible(a, 'request portal (dark)');
    await screenshot(a, 'portal-catalogue-dark');
    await a.getByRole('link', { name: 'Start: Access request approval' }).click();
    await a.getByRole('button', { name: 'Send request' }).click();
    await a.locator('.field__error').first().waitFor();
    await expectAccessible(a, 'request form with errors (dark)');
    await screenshot(a, 'portal-form-error-dark');
    await a.getByTestId('theme-toggle').click();
    left.assertNoProblems();
  });

  it('delegates a task to a colleague named by e-mail, with the refusal beside the field', async () => {
    await openNav(a, 'Inbox');
    await inboxItems(a).first().click();
    await a.getByRole('button', { name: 'Delegate to a colleague' }).click();
    const colleague = a.getByLabel('Colleague', { exact: true });
    await colleague.fill('nobody@example.com');
    await a.getByRole('button', { name: 'Delegate', exact: true }).click();
    await fieldOf(a, 'Colleague').locator('.field__error').filter({ hasText: 'No active user' }).waitFor();
    await expectAccessible(a, 'delegate form with an error');
    await screenshot(a, 'inbox-delegate-error');
    await colleague.fill('gina');
    await a.getByRole('option', { name: /Gina Desk/ }).click();
    await expect(colleague.inputValue()).resolves.toBe('Gina Desk <gina@example.com>');
    await a.getByLabel('Note for them (optional)').fill('You know this system better.');
    await a.getByRole('button', { name: 'Delegate', exact: true }).click();
    await a.getByText('Nothing to do').waitFor();
    await a.getByTestId('inbox-decided').filter({ hasText: 'Delegated “Access request”.' }).waitFor();
    const running = await api.get<{ items: { id: string }[] }>(
      '/api/instances?workflowId=access-approval&status=running',
    );
    const instance = await api.get<{ openTasks: { assignee: { id: string } }[] }>(
      `/api/instances/${running.body.items[0]!.id}`,
    );
    expect(instance.body.openTasks.map((t) => t.assignee.id)).toEqual([ids.gina]);
    left.assertNoProblems();
  });

  it('says why the task open in the inbox left it when its request is withdrawn meanwhile', async () => {
    await signOut(a);
    await signInAs(a, 'max');
    await openNav(a, 'Inbox');
    const started = await api.post<{ id: string }>('/api/instances', {
      workflowId: 'access-approval',
      input: { system: 'erp', accessLevel: 'read', justification: 'To be withdrawn', manager: ids.max },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await inboxItems(a).filter({ hasText: 'Access request' }).first().click();
    await a.getByText('To be withdrawn').waitFor();
    const withdrawn = await api.post(`/api/instances/${started.body.id}/withdraw`, {
      reason: 'Wrong system',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    // It leaves the list live, and the page says why instead of going blank under the reader.
    await a.getByText('Nothing to do').waitFor();
    await a
      .getByTestId('inbox-decided')
      .filter({ hasText: '“Access request” is no longer yours to decide: its request was withdrawn' })
      .waitFor();
    await expectAccessible(a, 'inbox after a withdrawn task');
    await screenshot(a, 'inbox-task-withdrawn');
    left.assertNoProblems();
  });
});
