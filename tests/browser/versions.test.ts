import { exampleWorkflows } from '@flowline/examples';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/apiClient';
import { expectAccessible, keepFailure, screenshot, type TestBrowser } from '../support/browser';
import { closeBrowserSuites, startBrowserSuite } from '../support/browserSuite';
import type { RuntimeProcess } from '../support/startRuntime';

type Definition = {
  id: string;
  name: string;
  nodes: { id: string; name: string; kind: string; [key: string]: unknown }[];
  [key: string]: unknown;
};
const example = exampleWorkflows[0]!.definition as Definition;
const ID = 'laptop-access';
const PATH = `/api/definitions/${ID}`;

/** The example as this workflow, with changes: what a file to import holds. */
function variant(change: (d: Definition) => void): Definition {
  const copy = structuredClone(example);
  copy.id = ID;
  change(copy);
  return copy;
}
const node = (d: Definition, id: string) => d.nodes.find((n) => n.id === id)!;

// Drafts, publishing and versions in a real chromium against the real runtime (the examples
// seeded). Edits are made through what exists without canvas editing: importing a file (an
// undoable edit of the document store) and the API as a second tab.
describe('drafts, publishing and versions in a browser', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  const draft = async () =>
    (await api.get<{ draft: { draftRev: number; name: string; definition: Definition } }>(PATH)).body.draft;
  const importFile = async (name: string, content: string) => {
    await page.getByTestId('import-file').setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(content),
    });
  };
  const saved = () => page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      // The save from the first tab after the second tab's: the conflict, refused on purpose.
      expectedFailures: [{ method: 'PUT', path: new RegExp(`^${PATH}$`), status: 409 }],
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'versions-'));
  afterAll(closeBrowserSuites);

  it('creates a workflow from a template, with its description, and opens it', async () => {
    await page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workflow' });
    await dialog.waitFor();
    const template = dialog.getByRole('radio', { name: example.name });
    await template.waitFor();
    await expect(dialog.textContent()).resolves.toContain(String(example['description']).slice(0, 60));
    await template.check();
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe(example.name);
    await page.getByLabel('Name').fill('Laptop access');
    await expect(page.getByLabel('Id', { exact: true }).inputValue()).resolves.toBe(ID);
    await expectAccessible(page, 'new workflow dialog with templates');
    await screenshot(page, 'versions-new-from-template');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.locator('.react-flow__node[data-id="managerApproval"]').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/workflows/${ID}`);
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(example.nodes.length);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Laptop access');
    await expect((await draft()).definition.nodes.length).toBe(example.nodes.length);
    await saved();
    await expectAccessible(page, 'editor with version controls');
    await screenshot(page, 'versions-editor-toolbar');
    browser.assertNoProblems();
  });

  it('refuses a bad file with errors naming the step and field, and changes nothing', async () => {
    const before = await draft();
    const bad = variant((d) => {
      node(d, 'managerApproval')['assignees'] = [];
    });
    await importFile('bad-access.json', JSON.stringify(bad));
    const dialog = page.getByRole('dialog', { name: 'The file cannot be imported' });
    await dialog.waitFor();
    await dialog.getByText('Step “Manager approval” (managerApproval) › Assignees').waitFor();
    await dialog.getByText('Name at least one approver').waitFor();
    await dialog.getByText('Nothing was changed.').waitFor();
    await expectAccessible(page, 'import refused');
    await screenshot(page, 'versions-import-refused');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await importFile('not-json.json', '{"nodes": [');
    await page
      .getByRole('dialog')
      .getByText(/The file is not JSON/)
      .waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Laptop access');
    await expect(page.getByTestId('save-status').getAttribute('data-status')).resolves.toBe('saved');
    expect((await draft()).draftRev).toBe(before.draftRev);
    browser.assertNoProblems();
  });

  it('replaces the draft with a good file as one undoable edit, and autosaves it', async () => {
    const good = variant((d) => {
      d.name = 'Laptop access (imported)';
      node(d, 'managerApproval').name = 'Line manager approval';
    });
    await importFile('good-access.json', JSON.stringify(good));
    const dialog = page.getByRole('dialog', { name: 'Imported' });
    await dialog.waitFor();
    await expectAccessible(page, 'import done');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Laptop access (imported)',
    );
    await page
      .locator('.react-flow__node[data-id="managerApproval"]')
      .getByText('Line manager approval')
      .waitFor();
    await saved();
    expect((await draft()).name).toBe('Laptop access (imported)');

    // Undo brings the previous draft back (and saves it).
    await importFile('good-access.json', JSON.stringify({ ...good, name: 'To be undone' }));
    await page.getByRole('dialog', { name: 'Imported' }).getByRole('button', { name: 'Undo import' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Laptop access (imported)',
    );
    await saved();
    expect((await draft()).name).toBe('Laptop access (imported)');
    browser.assertNoProblems();
  });

  it('keeps an edit made just before a reload', async () => {
    const edited = variant((d) => {
      d.name = 'Laptop access (edited, then reloaded)';
    });
    await importFile('edit.json', JSON.stringify(edited));
    await page.getByRole('dialog', { name: 'Imported' }).waitFor();
    // At once, without waiting for the autosave's quiet moment: leaving the page sends it.
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Laptop access (edited, then reloaded)',
    );
    expect((await draft()).name).toBe('Laptop access (edited, then reloaded)');
    browser.assertNoProblems();
  });

  it('finds a save from another tab as a conflict, overwrites nothing, and lets the user choose', async () => {
    await saved();
    const current = await draft();
    const theirs = variant((d) => {
      d.name = 'Saved by another tab';
    });
    expect((await api.put(PATH, { definition: theirs, draftRev: current.draftRev })).status).toBe(200);

    await importFile('mine.json', JSON.stringify(variant((d) => (d.name = 'Mine, in this tab'))));
    await page.getByRole('dialog', { name: 'Imported' }).getByRole('button', { name: 'Done' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Another tab saved this draft' });
    await conflict.waitFor();
    expect((await draft()).name).toBe('Saved by another tab');
    await expectAccessible(page, 'save conflict');
    await screenshot(page, 'versions-conflict');

    // Reload theirs: the other tab's draft replaces mine, and nothing of mine is saved.
    await conflict.getByRole('button', { name: 'Reload theirs' }).click();
    // Their draft is fetched first: wait for the title to follow rather than read it at once.
    await page.getByRole('heading', { level: 1, name: 'Saved by another tab' }).waitFor();
    await saved();
    expect((await draft()).name).toBe('Saved by another tab');

    // Again, and this time keep mine: saved over theirs knowingly.
    const again = await draft();
    expect((await api.put(PATH, { definition: theirs, draftRev: again.draftRev })).status).toBe(200);
    await importFile('mine.json', JSON.stringify(variant((d) => (d.name = 'Mine, kept'))));
    await page.getByRole('dialog', { name: 'Imported' }).getByRole('button', { name: 'Done' }).click();
    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await saved();
    expect((await draft()).name).toBe('Mine, kept');
    browser.assertNoProblems();
  });

  it('publishes with a note, which the version list shows', async () => {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog.waitFor();
    await dialog.getByLabel('What changed').fill('First cut, from the access template');
    await expectAccessible(page, 'publish dialog');
    await screenshot(page, 'versions-publish');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    const done = page.getByRole('dialog', { name: 'Published' });
    await done.getByText('Version 1 is published.').waitFor();
    await done.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Versions', exact: true }).click();
    const versions = page.getByRole('dialog', { name: 'Versions' });
    const row = versions.getByRole('row').filter({ hasText: 'Version 1' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/First cut, from the access template.*by you/);
    // The note is someone's writing: in its own direction, isolated from the cells beside it.
    await expect(
      row
        .locator('.versions__note')
        .evaluate((el) => [
          el.getAttribute('dir'),
          el.ownerDocument.defaultView!.getComputedStyle(el).unicodeBidi,
        ]),
    ).resolves.toEqual(['auto', 'isolate']);
    await expectAccessible(page, 'versions dialog');
    await screenshot(page, 'versions-list');
    await versions.getByRole('button', { name: 'Close' }).click();
    browser.assertNoProblems();
  });

  it('refuses to publish while an error remains, lists the errors, and goes to the one chosen', async () => {
    // Work in progress saved from another tab: a new approval with no approver yet.
    const current = await draft();
    const unfinished = variant((d) => {
      d.name = 'Mine, kept';
      d.nodes.push({ id: 'review', name: 'Extra review', kind: 'approval', title: 'Review', assignees: [] });
      (d['layout'] as Record<string, unknown>)['review'] = { x: 900, y: 400 };
    });
    expect((await api.put(PATH, { definition: unfinished, draftRev: current.draftRev })).status).toBe(200);
    await page.reload();
    await page.locator('.react-flow__node[data-id="review"]').waitFor();
    await page.getByRole('tab', { name: /Problems.*[1-9]\d* error/ }).waitFor();

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog.getByText(/The workflow has \d+ errors?\. Fix/).waitFor();
    await expect(dialog.getByRole('button', { name: 'Publish' }).count()).resolves.toBe(0);
    // Each error listed, naming the step and field; choosing one goes to it.
    const errors = dialog.getByRole('list', { name: 'Errors' }).getByRole('button');
    await expect(errors.count()).resolves.toBeGreaterThan(0);
    const missing = errors.filter({ hasText: 'Name at least one approver' });
    await expect(missing.textContent()).resolves.toContain('Extra review');
    await expectAccessible(page, 'publish refused');
    await screenshot(page, 'versions-publish-refused');
    await missing.click();
    await page.locator('.react-flow__node.selected[data-id="review"]').waitFor();
    await expect(dialog.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByRole('button', { name: 'Show the first error' }).click();
    await page.locator('.react-flow__node.selected[data-id="review"]').waitFor();
    const versions = await api.get<{ items: unknown[] }>(`${PATH}/versions`);
    expect(versions.body.items).toHaveLength(1);

    // Fixed by importing a good file (security now needs three approvers), then published.
    const fixed = variant((d) => {
      d.name = 'Mine, kept';
      node(d, 'securityApproval')['policy'] = { type: 'quorum', count: 3 };
    });
    await importFile('fixed.json', JSON.stringify(fixed));
    await page.getByRole('dialog', { name: 'Imported' }).getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByLabel('What changed').fill('Security review needs all three');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog', { name: 'Published' }).getByText('Version 2 is published.').waitFor();
    await page.getByRole('dialog', { name: 'Published' }).getByRole('button', { name: 'Done' }).click();
    browser.assertNoProblems();
  });

  it('opened with no versions chosen, says what to do (no error) under the workflow name', async () => {
    await page.goto(`${runtime.url}/workflows/${ID}/compare`);
    await page.getByText('Choose two versions to compare').waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    // The name comes with the draft, a moment after the page: until then the heading is the id.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mine, kept');
    await screenshot(page, 'versions-compare-unchosen');
    await page.goto(`${runtime.url}/workflows/${ID}`);
    await page.locator('.react-flow__node').first().waitFor();
    browser.assertNoProblems();
  });

  it('draws a diff of two versions: the changed node marked, its changed field listed', async () => {
    await page.getByRole('button', { name: 'Versions', exact: true }).click();
    const versions = page.getByRole('dialog', { name: 'Versions' });
    await versions.getByLabel('Compare').selectOption('1');
    await versions.getByLabel('with').selectOption('2');
    await versions.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/compare\?from=1&to=2$/);
    // The editor's canvas may still be on screen while the compare page's code loads (its nodes
    // have the same ids): the diff's own summary says the compare page is drawn.
    await page.getByTestId('diff-summary').waitFor();
    const changed = page.locator('.react-flow__node[data-id="securityApproval"]');
    await changed.waitFor();
    await expect(changed.getAttribute('class')).resolves.toContain('fl-diff--changed');
    await expect(
      page.locator('.react-flow__node[data-id="managerApproval"]').getAttribute('class'),
    ).resolves.not.toContain('fl-diff');
    const item = page.locator('.diff-list__item[data-id="securityApproval"]');
    await expect(item.textContent()).resolves.toMatch(/Changed.*IT security review.*Policy › Count/);
    await expect(page.getByTestId('diff-summary').textContent()).resolves.toBe('1 step: 1 changed.');
    // The minimap shows every step too (it stayed empty while the nodes' sizes were not kept).
    await expect.poll(() => page.locator('.react-flow__minimap-node').count()).toBe(example.nodes.length);
    await item.getByRole('button').click();
    await expectAccessible(page, 'version diff');
    await screenshot(page, 'versions-diff');
    await page.getByTestId('theme-toggle').click();
    await expectAccessible(page, 'version diff (dark)');
    await screenshot(page, 'versions-diff-dark');
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });

  it('opens a version read-only', async () => {
    await page.goto(`${runtime.url}/workflows/${ID}/versions/1`);
    await page.locator('.react-flow__node[data-id="securityApproval"]').waitFor();
    await page.getByText('Read-only').waitFor();
    await page.getByText('First cut, from the access template').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Version 1/);
    await expect(page.getByRole('button', { name: 'Publish', exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Import', exact: true }).count()).resolves.toBe(0);
    await expect(page.locator('.react-flow__node.draggable').count()).resolves.toBe(0);
    await expect.poll(() => page.locator('.react-flow__minimap-node').count()).toBe(example.nodes.length);
    await expectAccessible(page, 'version, read-only');
    await screenshot(page, 'versions-read-only');
    await page.getByTestId('theme-toggle').click();
    await expectAccessible(page, 'version, read-only (dark)');
    await screenshot(page, 'versions-read-only-dark');
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });
});
