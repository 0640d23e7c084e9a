import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import {
  centreOf,
  expectAccessible,
  keepFailure,
  mouseDrag,
  type Point,
  screenshot,
  signIn,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, createUser, startBrowserSuite } from '../support/browserSuite';
import { canvasNode, inspectorPanel, viewSettled } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

const DESIGNER = {
  email: 'dana@example.com',
  name: 'Dana Designer',
  password: 'green ferns under the bridge',
};
const MANAGER = { email: 'maria@example.com', name: 'Maria Manager', password: 'orange boats on the lake' };
const WORKFLOW = { id: 'drawn-access', name: 'Drawn access approval' };

interface Drawn {
  nodes: { id: string; kind: string; name: string; [key: string]: unknown }[];
  edges: { id: string; source: string; sourceHandle?: string; target: string }[];
}

// The scenario the designer exists for, in a real chromium against the real runtime: a designer
// draws the access-approval workflow from an empty canvas (palette → canvas by drag, handle →
// handle by drag and by click), configures every step through the inspector, sees a validation
// error on a node and in the problems panel, fixes it, publishes with a note; then an instance is
// started through the API with the designer's session, the manager decides through the API, the
// provisioning step calls an HTTP API through a stored connection, and the instance completes.
describe('drawing the access-approval workflow and running it', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let admin: ApiClient;
  let managerId: string;

  const node = (id: string) => canvasNode(page, id);
  const inspector = () => inspectorPanel(page);
  const problemsPanel = () => page.getByRole('list', { name: 'Problems' });
  /** An expression field's text box: plain until CodeMirror is loaded (focusing it loads it). */
  const expressionIn = (field: string) =>
    inspector().locator(`[data-field="${field}"]`).locator('.cm-content, [data-expression-editor="plain"]');

  const drag = (from: Point, to: Point) => mouseDrag(page, from, to);
  const pane = async () => (await page.locator('.react-flow__pane').boundingBox())!;
  /** The definition as the server holds the draft (after the autosave). */
  const draft = async (): Promise<Drawn> => {
    await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    const answer = await admin.get<{ draft: { definition: Drawn } }>(`/api/definitions/${WORKFLOW.id}`);
    return answer.body.draft.definition;
  };
  /** Drops a palette entry at a point of the canvas (relative to its top-left) and names the new step. */
  const place = async (paletteId: string, at: Point, id: string, name: string) => {
    const box = await pane();
    const before = await page.locator('.react-flow__node').count();
    await page.getByLabel('Search node kinds and actions').fill('');
    const entry = page.locator(`[data-palette-id="${paletteId}"]`);
    await entry.scrollIntoViewIfNeeded();
    await drag(await centreOf(entry), { x: box.x + at.x, y: box.y + at.y });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before + 1);
    // The dropped step is selected: the inspector shows it; give it its id and name.
    const idField = inspector().getByLabel('Id', { exact: true });
    await idField.waitFor();
    await idField.fill(id);
    await idField.press('Enter');
    await node(id).waitFor();
    await inspector().getByLabel('Name', { exact: true }).fill(name);
    await node(id).locator('.fl-node__name').filter({ hasText: name }).waitFor();
  };
  /** Steps drawn under the canvas's floating toolbar, by id. */
  const stepsUnderToolbar = () =>
    page.evaluate<string[]>(`(() => {
      const bar = document.querySelector('.canvas-toolbar').getBoundingClientRect();
      return [...document.querySelectorAll('.react-flow__node')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < bar.right && bar.left < r.right && r.top < bar.bottom && bar.top < r.bottom;
        })
        .map((el) => el.getAttribute('data-id'));
    })()`);
  /** Whether the step's top-left corner is inside the canvas's visible pane. */
  const cornerInView = async (id: string) => {
    const [box, at] = await Promise.all([pane(), node(id).boundingBox()]);
    return (
      at !== null &&
      at.x + 12 >= box.x &&
      at.y + 12 >= box.y &&
      at.x + 12 <= box.x + box.width &&
      at.y + 12 <= box.y + box.height
    );
  };
  const select = async (id: string) => {
    // A step drawn below the pane (the problems panel takes the bottom of the screen) is brought
    // into view as a user would: clicking it where it is not drawn would land on another step.
    if (!(await cornerInView(id))) {
      await page.getByRole('button', { name: 'Zoom to fit' }).click();
      await viewSettled(page);
      await expect.poll(() => cornerInView(id)).toBe(true);
      // The fit keeps the steps clear of the toolbar floating over the canvas's top.
      await expect.poll(stepsUnderToolbar).toEqual([]);
    }
    // Its top-left corner: the part of a node least likely under the minimap (bottom right).
    await node(id).click({ position: { x: 12, y: 12 } });
    await expect.poll(() => inspector().getByLabel('Id', { exact: true }).inputValue()).toBe(id);
  };
  const exitHandle = (id: string, handle?: string) =>
    node(id).locator(
      handle ? `.react-flow__handle.source[data-handleid="${handle}"]` : '.react-flow__handle.source',
    );
  const entryHandle = (id: string) => node(id).locator('.react-flow__handle.target');
  /** Connects by dragging from an exit to a step's entry. */
  const connectByDrag = async (source: string, handle: string | undefined, target: string) => {
    const before = await page.locator('.react-flow__edge').count();
    await drag(await centreOf(exitHandle(source, handle)), await centreOf(entryHandle(target)));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(before + 1);
  };
  /**
   * Connects by clicking an exit, then the step's entry (React Flow's click-to-connect), each a
   * little beside the handle's small circle, as a hand does (its hit area is larger than the circle).
   */
  const connectByClick = async (source: string, handle: string | undefined, target: string) => {
    const before = await page.locator('.react-flow__edge').count();
    const exit = await centreOf(exitHandle(source, handle));
    await page.mouse.click(exit.x + 8, exit.y + 3);
    const entry = await centreOf(entryHandle(target));
    await page.mouse.click(entry.x - 8, entry.y - 3);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(before + 1);
  };

  beforeAll(async () => {
    ({
      runtime,
      api: admin,
      browser,
      page,
    } = await startBrowserSuite({
      // The provisioning step calls this runtime's own /healthz: loopback allowed for connectors.
      runtime: { env: { FLOWLINE_NETWORK: JSON.stringify({ allowLoopback: true }) } },
      seed: async (api, started) => {
        await createUser(api, { ...DESIGNER, roles: ['designer'] });
        managerId = await createUser(api, { ...MANAGER, roles: ['approver'] });
        // Connections an admin stored: two for the HTTP connector, one for another (not offered).
        for (const [connector, name, settings] of [
          ['http', 'provisioning', { baseUrl: started.url }],
          ['http', 'legacy-portal', { baseUrl: 'https://portal.example.com' }],
          ['slack', 'team-chat', undefined],
        ] as const) {
          const saved = await api.put(`/api/connections/${connector}/${name}`, {
            credentials:
              connector === 'slack'
                ? { webhookUrl: 'https://hooks.slack.com/services/T0/B0/secret' }
                : { auth: { type: 'none' } },
            ...(settings ? { settings } : {}),
          });
          expect(saved.status, JSON.stringify(saved.body)).toBe(200);
        }
      },
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'draw-'));
  afterAll(closeBrowserSuites);

  it('a designer creates a new workflow from scratch: an empty canvas', async () => {
    await signIn(page, runtime.url, DESIGNER.email, DESIGNER.password);
    await page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workflow' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill(WORKFLOW.name);
    await dialog.getByLabel('Id', { exact: true }).fill(WORKFLOW.id);
    await dialog.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByText('This workflow has no steps yet.').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/workflows/${WORKFLOW.id}`);
    await screenshot(page, 'draw-1-empty');
    browser.assertNoProblems();
  });

  it('draws the steps by dragging them from the palette onto the canvas', async () => {
    // Three columns and three rows of the visible canvas, clear of the toolbar, the zoom controls and the minimap.
    await place('kind:trigger:form', { x: 100, y: 100 }, 'request', 'Access requested');
    await place('kind:approval', { x: 310, y: 100 }, 'managerApproval', 'Manager approval');
    await place('kind:decision', { x: 520, y: 100 }, 'privileged', 'Privileged access?');
    await place('kind:end', { x: 100, y: 270 }, 'refused', 'Access refused');
    await place('kind:approval', { x: 310, y: 270 }, 'securityApproval', 'IT security review');
    await page.getByLabel('Search node kinds and actions').fill('http request');
    await place('action:http.request', { x: 520, y: 270 }, 'provision', 'Grant the access');
    await place('kind:end', { x: 310, y: 430 }, 'granted', 'Access granted');
    expect(await page.locator('.react-flow__node').count()).toBe(7);
    await screenshot(page, 'draw-2-steps');
    browser.assertNoProblems();
  });

  it('connects the steps, handle to handle, by dragging and by clicking', async () => {
    await connectByDrag('request', undefined, 'managerApproval');
    await connectByClick('managerApproval', 'approved', 'privileged');
    await connectByDrag('managerApproval', 'rejected', 'refused');
    await connectByClick('privileged', 'yes', 'securityApproval');
    await connectByDrag('privileged', 'default', 'provision');
    await connectByClick('securityApproval', 'approved', 'provision');
    await connectByDrag('securityApproval', 'rejected', 'refused');
    await connectByClick('provision', 'out', 'granted');
    await connectByDrag('provision', 'error', 'refused');
    const drawn = await draft();
    expect(drawn.edges.map((e) => `${e.source}.${e.sourceHandle ?? 'out'}→${e.target}`).sort()).toEqual(
      [
        'managerApproval.approved→privileged',
        'managerApproval.rejected→refused',
        'privileged.default→provision',
        'privileged.yes→securityApproval',
        'provision.error→refused',
        'provision.out→granted',
        'request.out→managerApproval',
        'securityApproval.approved→provision',
        'securityApproval.rejected→refused',
      ].sort(),
    );
    await expectAccessible(page, 'editor with the drawn workflow');
    await screenshot(page, 'draw-3-connected');
    browser.assertNoProblems();
  });

  it('shows what is missing on the nodes and in the problems panel', async () => {
    // A new approval has no approver yet: the engine says so on the node and in the panel.
    const mark = node('managerApproval').locator('.fl-node__problem--error');
    await mark.waitFor();
    await expect(mark.getAttribute('aria-label')).resolves.toContain('Error:');
    const missing = problemsPanel().getByRole('button').filter({ hasText: 'Manager approval › Assignees' });
    await missing.waitFor();
    await expect(missing.textContent()).resolves.toContain('Name at least one approver');
    // Publishing is refused while errors remain.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const refused = page.getByRole('dialog', { name: 'Publish a new version' });
    await refused.getByText(/The workflow has \d+ errors\. Fix them before publishing\./).waitFor();
    await screenshot(page, 'draw-4-errors');
    await refused.getByRole('button', { name: 'Close' }).click();
    // Choosing the problem selects its step and focuses its field in the inspector.
    await missing.click();
    await expect
      .poll(() => inspector().getByLabel('Id', { exact: true }).inputValue())
      .toBe('managerApproval');
    browser.assertNoProblems();
  });

  it('fills the request form, found from the form trigger, in the workflow settings', async () => {
    // The trigger says where its form's fields are, and leads there: the workflow's settings.
    await select('request');
    await inspector()
      .getByText('The form has no fields yet: they are the workflow’s request form.')
      .waitFor();
    await screenshot(page, 'draw-5-trigger');
    await inspector().getByRole('button', { name: 'Edit the request form' }).click();
    await inspector().getByRole('group', { name: 'Request form' }).waitFor();
    await expect
      .poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute('data-field') ?? null`))
      .toBe('input');
    const fields = [
      { key: 'system', label: 'System' },
      { key: 'accessLevel', label: 'Access level' },
      { key: 'manager', label: 'Your manager (user id)' },
    ];
    for (const [index, field] of fields.entries()) {
      await inspector().getByRole('button', { name: 'Add field' }).click();
      await inspector().locator(`[data-field="input.${index}.key"] input`).fill(field.key);
      await inspector().locator(`[data-field="input.${index}.label"] input`).fill(field.label);
      await inspector().locator(`[data-field="input.${index}.required"] input`).check();
    }
    await screenshot(page, 'draw-5-request-form');
    const drawn = (await draft()) as Drawn & { input: { key: string; type: string; required: boolean }[] };
    expect(drawn.input.map((f) => [f.key, f.type, f.required])).toEqual([
      ['system', 'string', true],
      ['accessLevel', 'string', true],
      ['manager', 'string', true],
    ]);
    await select('request');
    await inspector().getByText('The form’s 3 fields are the workflow’s request form.').waitFor();
    browser.assertNoProblems();
  });

  it('configures the manager approval in the inspector, and its error goes', async () => {
    await select('managerApproval');
    await inspector()
      .getByLabel(/^Title/)
      .fill('Access request');
    await inspector().getByRole('button', { name: 'Add approver' }).click();
    await inspector().locator('[data-field="assignees.0.type"] select').selectOption('expression');
    const assignee = expressionIn('assignees.0.expression');
    await assignee.click();
    await page.keyboard.type('input.manager');
    await expect.poll(() => node('managerApproval').locator('.fl-node__problem--error').count()).toBe(0);
    await expect
      .poll(() => problemsPanel().getByRole('button').filter({ hasText: 'Manager approval ›' }).count())
      .toBeLessThanOrEqual(1); // the warning about a due date may stay
    // The outcomes: the approve exit's label, seen on the canvas.
    await inspector().locator('[data-field="outcomes.0.label"] input').fill('Grant');
    await node('managerApproval').locator('.fl-node__exit').filter({ hasText: 'Grant' }).waitFor();
    await screenshot(page, 'draw-6-approval');
    await expectAccessible(page, 'inspector of the drawn approval');
    browser.assertNoProblems();
  });

  it('configures the decision, the security review, the HTTP step and the ends', async () => {
    await select('privileged');
    await inspector().locator('[data-field="conditions.0.label"] input').fill('Admin, or production');
    await expressionIn('conditions.0.when').click();
    await page.keyboard.type('input.accessLevel == "admin" || input.system == "prod-db"');

    await select('securityApproval');
    await inspector()
      .getByLabel(/^Title/)
      .fill('Privileged access review');
    await inspector().getByRole('button', { name: 'Add approver' }).click();
    await inspector().locator('[data-field="assignees.0.id"] input').fill('sec-ana');

    await select('provision');
    // The connection: a choice of the HTTP connector's stored connections (not Slack's), or
    // another name, typed; a name that is not stored is said under the field.
    const connection = inspector().getByLabel('Connection', { exact: true });
    await expect
      .poll(() => connection.locator('option').allTextContents())
      .toEqual(['None', 'legacy-portal', 'provisioning', 'Another name…']);
    const note = inspector().locator('[data-field="connection"] .field__hint');
    await expect(note.textContent()).resolves.toBe(
      'None is named, so runs use HTTP’s “default”, which is not stored. Pick one of the 2 stored, or another name.',
    );
    await connection.selectOption({ label: 'Another name…' });
    const typed = inspector().getByLabel('Connection name');
    await expect
      .poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute('aria-label') ?? null`))
      .toBe('Connection name');
    await page.keyboard.type('provisoning');
    await note.filter({ hasText: 'No stored connection of HTTP is called “provisoning”' }).waitFor();
    await screenshot(page, 'draw-7-connection-typed');
    await expectAccessible(page, 'inspector with the connection picker');
    await connection.selectOption('provisioning');
    await expect.poll(() => note.count()).toBe(0);
    await expect(typed.count()).resolves.toBe(0);
    await expressionIn('input.url').click();
    await page.keyboard.type('"/healthz"');
    await screenshot(page, 'draw-7-task');

    await select('refused');
    await inspector().locator('[data-field="outcome"] select').selectOption('rejected');
    await select('granted');
    await inspector().getByRole('button', { name: 'Add an entry' }).click();
    const key = inspector().locator('[data-field="output.field1"] input').first();
    await key.fill('system');
    await key.press('Enter');
    await expressionIn('output.system').click();
    await page.keyboard.type('input.system');

    await expect.poll(() => page.locator('.fl-node__problem--error').count()).toBe(0);
    const drawn = await draft();
    const byId = (id: string) => drawn.nodes.find((n) => n.id === id)!;
    expect(byId('managerApproval')).toMatchObject({
      title: 'Access request',
      assignees: [{ type: 'expression', expression: 'input.manager' }],
    });
    expect(byId('privileged')).toMatchObject({
      conditions: [{ id: 'yes', when: 'input.accessLevel == "admin" || input.system == "prod-db"' }],
    });
    expect(byId('provision')).toMatchObject({
      action: 'http.request',
      connection: 'provisioning',
      input: { url: '"/healthz"' },
    });
    expect(byId('refused')).toMatchObject({ outcome: 'rejected' });
    expect(byId('granted')).toMatchObject({ outcome: 'completed', output: { system: 'input.system' } });
    await screenshot(page, 'draw-8-configured');
    await page.getByTestId('theme-toggle').click();
    await select('provision');
    await expectAccessible(page, 'the drawn workflow (dark)');
    await screenshot(page, 'draw-8-configured-dark');
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });

  it('publishes with a note', async () => {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog.getByLabel('What changed').fill('First version, drawn in the designer');
    await screenshot(page, 'draw-9-publish');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    const published = page.getByRole('dialog', { name: 'Published' });
    await published.getByText('Version 1 is published.').waitFor();
    // The version, read-only: the drawing as published, in the minimap too.
    await published.getByRole('link', { name: 'Open version 1' }).click();
    await page.getByText('Read-only').waitFor();
    await node('provision').waitFor();
    await expect.poll(() => page.locator('.react-flow__minimap-node').count()).toBe(7);
    await page.getByText('First version, drawn in the designer').waitFor();
    await expectAccessible(page, 'the published version, read-only');
    await screenshot(page, 'draw-10-version');
    const versions = await admin.get<{ items: { version: number; note?: string }[] }>(
      `/api/definitions/${WORKFLOW.id}/versions`,
    );
    expect(versions.body.items).toEqual([
      expect.objectContaining({ version: 1, note: 'First version, drawn in the designer' }),
    ]);
    browser.assertNoProblems();
  });

  it('starts an instance through the API, the manager approves, the HTTP step runs, and it completes', async () => {
    // The designer's own session (the page's cookie), as a script in the signed-in browser would.
    const call = (method: string, path: string, body?: unknown) =>
      page.evaluate(
        async ([method, path, body]) => {
          const response = await fetch(path as string, {
            method: method as string,
            headers: { 'content-type': 'application/json', 'x-requested-with': 'flowline-test' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return { status: response.status, body: (await response.json()) as Record<string, unknown> };
        },
        [method, path, body] as const,
      );
    const started = await call('POST', '/api/instances', {
      workflowId: WORKFLOW.id,
      input: { system: 'crm', accessLevel: 'read', manager: managerId },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const instanceId = started.body['id'] as string;
    expect(started.body).toMatchObject({ version: 1, status: 'running' });

    // The manager finds the task and approves it through the API.
    const manager = createApiClient(runtime.url);
    await manager.signIn(MANAGER.email, MANAGER.password);
    const task = await pollUntil(
      'the manager’s approval task',
      async () => {
        const tasks = await manager.get<{ items: { id: string; instanceId: string; nodeId: string }[] }>(
          '/api/tasks',
        );
        return tasks.body.items.find((t) => t.instanceId === instanceId);
      },
      { timeoutMs: 15_000 },
    );
    expect(task.nodeId).toBe('managerApproval');
    const decided = await manager.post(`/api/tasks/${encodeURIComponent(task.id)}/decide`, {
      outcome: 'approved',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    // Not privileged (read access to the CRM): straight to the HTTP step, then the end.
    const done = await pollUntil(
      'the instance to finish',
      async () => {
        const now = await call('GET', `/api/instances/${instanceId}`);
        return now.body['status'] === 'running' ? undefined : now.body;
      },
      { timeoutMs: 20_000 },
    );
    expect(done, JSON.stringify(done)).toMatchObject({
      status: 'completed',
      outcome: 'completed',
      output: { system: 'crm' },
    });
    // The path it took, and the HTTP step's call through the stored connection (this runtime's /healthz).
    const history = done['history'] as { type: string; nodeId?: string; data: Record<string, unknown> }[];
    expect(history.map((h) => `${h.type}${h.nodeId ? ` ${h.nodeId}` : ''}`)).toEqual([
      'instance.started',
      'task.decided managerApproval',
      'job.done provision',
    ]);
    expect(history[2]!.data['output']).toMatchObject({ status: 200, body: { status: 'ok' } });
    browser.assertNoProblems();
  });
});
