import { accessApprovalV1 } from '@flowline/examples';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/apiClient';
import {
  centreOf,
  expectAccessible,
  fillSignIn,
  keepFailure,
  mouseDrag,
  openWorkflow,
  type Point,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, createUser, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { clickNode } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';

const VIEWER = { email: 'vic@example.com', name: 'Vic Viewer', password: 'seven grey herons at noon' };
// The example as it was before provisioning: these tests know its graph (exits, layout order).
const accessApproval = accessApprovalV1 as { nodes: { id: string; name: string }[] };

interface Drawn {
  nodes: { id: string; kind: string; name: string }[];
  edges: { id: string; source: string; sourceHandle: string; target: string }[];
  layout: Record<string, { x: number; y: number; note?: string }>;
}

// The canvas's editing in a real chromium against the real runtime: palette drag-and-drop,
// connections the engine allows or refuses (with its reason), undo/redo, the clipboard, auto-layout,
// the shortcuts' help, delete, and a viewer's read-only canvas; axe-core with the palette and help open.
describe('editing on the canvas', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  /** The first node of a kind (a dropped node's id is made fresh: `trigger1`, `end1`…). */
  const ofKind = (kind: string) => page.locator(`.react-flow__node-${kind}`).first();
  const nodeCount = () => page.locator('.react-flow__node').count();
  const edgeCount = () => page.locator('.react-flow__edge').count();

  const drag = (from: Point, to: Point) => mouseDrag(page, from, to);

  /** Focus the canvas without selecting anything (a click on an empty spot of the pane). */
  const focusCanvas = async () => {
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    await page.mouse.click(box.x + 12, box.y + box.height - 12);
  };

  /** The whole drawing as the clipboard has it after select-all and copy (definition JSON). */
  const drawn = async (): Promise<Drawn> => {
    await focusCanvas();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const text = await page.evaluate<string>('navigator.clipboard.readText()');
    await page.keyboard.press('Escape');
    const { nodes, edges, layout } = JSON.parse(text) as Drawn;
    return { nodes, edges, layout };
  };

  const open = (id: string) => openWorkflow(page, runtime.url, id);

  const createWorkflow = (id: string, definition: Record<string, unknown>) =>
    saveDraft(api, { schemaVersion: 1, ...definition, id });

  beforeAll(async () => {
    ({ runtime, api, browser, page } = await startBrowserSuite({
      runtime: { seedExamples: true },
      seed: async (admin) => {
        api = admin;
        await createWorkflow('empty-canvas', { name: 'Empty canvas', nodes: [] });
        for (const id of ['undo-redo', 'clipboard', 'layout'])
          await createWorkflow(id, { ...(accessApproval as object), id, name: `Access (${id})` });
        await createUser(api, { ...VIEWER, roles: ['viewer'] });
      },
      signIn: true,
    }));
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: runtime.url });
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'canvas-'));
  afterAll(closeBrowserSuites);

  it('drags two palette entries onto an empty canvas and connects them', async () => {
    await open('empty-canvas');
    await page.getByText('This workflow has no steps yet').waitFor();
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await drag(await centreOf(page.locator('[data-palette-id="kind:trigger:manual"]')), {
      x: pane.x + 200,
      y: pane.y + 250,
    });
    await ofKind('trigger').waitFor();
    await drag(await centreOf(page.locator('[data-palette-id="kind:end"]')), {
      x: pane.x + 520,
      y: pane.y + 250,
    });
    await ofKind('end').waitFor();
    expect(await nodeCount()).toBe(2);

    await drag(
      await centreOf(ofKind('trigger').locator('.react-flow__handle.source')),
      await centreOf(ofKind('end').locator('.react-flow__handle.target')),
    );
    await page.locator('.react-flow__edge').first().waitFor();
    const definition = await drawn();
    const trigger = definition.nodes.find((n) => n.kind === 'trigger')!.id;
    const end = definition.nodes.find((n) => n.kind === 'end')!.id;
    expect(definition.edges).toEqual([
      { id: expect.any(String), source: trigger, sourceHandle: 'out', target: end },
    ]);
    expect(definition.layout[end]!.x - definition.layout[trigger]!.x).toBeGreaterThan(200);

    // Search by what it does, and add with the keyboard (at the view's centre).
    await page.getByLabel('Search node kinds and actions').fill('sign-off');
    const approval = page.locator('[data-palette-id="kind:approval"]');
    await approval.focus();
    await page.keyboard.press('Enter');
    await ofKind('approval').waitFor();
    await page.getByLabel('Search node kinds and actions').fill('');
    await expectAccessible(page, 'editor with the palette');
    await screenshot(page, 'canvas-drawn');
    browser.assertNoProblems();
  });

  it('refuses a connection the engine would refuse, and says why', async () => {
    // The trigger's one exit already leads to the end: a second edge from it is refused.
    await drag(
      await centreOf(ofKind('trigger').locator('.react-flow__handle.source')),
      await centreOf(ofKind('approval').locator('.react-flow__handle.target')),
    );
    const notice = page.locator('.canvas-notice');
    await notice.getByText('already has an edge').waitFor();
    await expect(notice.getAttribute('role')).resolves.toBe('status');
    expect(await edgeCount()).toBe(1);
    await screenshot(page, 'canvas-refused');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice.textContent()).resolves.toBe('');

    // The approval's exits connect: approved → end is allowed.
    await drag(
      await centreOf(ofKind('approval').locator('.react-flow__handle.source[data-handleid="approved"]')),
      await centreOf(ofKind('end').locator('.react-flow__handle.target')),
    );
    await expect.poll(edgeCount).toBe(2);
    browser.assertNoProblems();
  });

  it('deletes the selected node with the Delete key', async () => {
    await ofKind('approval').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node-approval').count()).toBe(0);
    expect(await edgeCount()).toBe(1);
    browser.assertNoProblems();
  });

  it('undoes and redoes ten edits back to the exact definitions', async () => {
    await open('undo-redo');
    await node('request').waitFor();
    const before = await drawn();

    await clickNode(page, 'request');
    await page.keyboard.press('ArrowRight'); // 1 nudge
    await page.keyboard.press('ArrowDown'); // 2 nudge
    await page.keyboard.press('Control+D'); // 3 duplicate (selected)
    await page.keyboard.press('Delete'); // 4 delete the copy
    const granted = await centreOf(node('granted'));
    await drag(granted, { x: granted.x + 60, y: granted.y + 120 }); // 5 one drag, one entry
    await page.getByRole('button', { name: 'Add sticky note' }).click(); // 6
    await focusCanvas();
    await page.keyboard.press('Shift+1');
    await page.waitForTimeout(400);
    await clickNode(page, 'refused');
    await clickNode(page, 'serviceDesk', { shift: true });
    await page.getByRole('button', { name: 'Align', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Align top' }).click(); // 7
    await page.locator('[data-palette-id="kind:decision"]').focus();
    await page.keyboard.press('Enter'); // 8 add from the palette
    await ofKind('decision').waitFor();
    await focusCanvas();
    await clickNode(page, 'privileged');
    await page.keyboard.press('Delete'); // 9 delete a node and its edges
    await page.getByRole('button', { name: 'Auto-layout' }).click(); // 10
    await expect
      .poll(async () => (await page.getByRole('button', { name: 'Auto-layout' }).count()) > 0)
      .toBe(true);
    await page.waitForTimeout(300);
    const after = await drawn();
    expect(after).not.toEqual(before);
    expect(after.nodes.filter((n) => n.kind === 'decision' && n.id !== 'privileged')).toHaveLength(1);
    expect(after.nodes.map((n) => n.id)).not.toContain('privileged');

    await focusCanvas();
    for (let i = 0; i < 10; i += 1) await page.keyboard.press('Control+Z');
    expect(await drawn()).toEqual(before);
    await expect(page.getByRole('button', { name: 'Undo' }).isDisabled()).resolves.toBe(true);
    await focusCanvas();
    for (let i = 0; i < 10; i += 1) await page.keyboard.press('Control+Shift+Z');
    expect(await drawn()).toEqual(after);
    browser.assertNoProblems();
  });

  it('copies and pastes nodes with new ids', async () => {
    await open('clipboard');
    await clickNode(page, 'managerApproval');
    await clickNode(page, 'serviceDesk', { shift: true });
    await page.keyboard.press('Control+C');
    const copied = JSON.parse(await page.evaluate<string>('navigator.clipboard.readText()')) as Drawn;
    expect(copied.nodes.map((n) => n.id)).toEqual(['managerApproval', 'serviceDesk']);
    expect(copied.edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['managerApproval', 'timeout', 'serviceDesk'],
    ]);
    await page.keyboard.press('Control+V');
    await expect.poll(nodeCount).toBe(accessApproval.nodes.length + 2);
    const after = await drawn();
    const added = after.nodes.map((n) => n.id).filter((id) => !accessApproval.nodes.some((n) => n.id === id));
    expect(added).toHaveLength(2);
    const [a, b] = added;
    expect(after.edges.filter((e) => e.source === a && e.target === b)).toHaveLength(1);
    // Cut takes the node away and keeps it on the clipboard; pasting brings it back (its id is free again).
    await clickNode(page, 'granted');
    await page.keyboard.press('Control+X');
    await expect.poll(() => node('granted').count()).toBe(0);
    await page.keyboard.press('Control+V');
    await node('granted').waitFor();
    // Another tab reads the same clipboard: pasting there adds the same nodes.
    const other = await browser.context.newPage();
    await other.goto(`${runtime.url}/workflows/empty-canvas`);
    await other.locator('.react-flow__pane').waitFor();
    await other.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await other.keyboard.press('Control+V');
    await other.locator('.react-flow__node[data-id="granted"]').waitFor();
    await other.close();
    browser.assertNoProblems();
  });

  it('inserts a node dropped on an edge between its ends', async () => {
    const before = await drawn();
    const edge = before.edges.find((e) => e.source === 'request')!;
    await page.keyboard.press('Shift+1');
    await page.waitForTimeout(400);
    const middle = await page.evaluate<Point>(`(() => {
      const path = document.querySelector('.react-flow__edge[data-id="${edge.id}"] .react-flow__edge-path');
      const point = path.getPointAtLength(path.getTotalLength() / 2);
      const m = path.getScreenCTM();
      return { x: point.x * m.a + m.e, y: point.y * m.d + m.f };
    })()`);
    await drag(await centreOf(page.locator('[data-palette-id="kind:transform"]')), middle);
    await ofKind('transform').waitFor();
    const after = await drawn();
    const inserted = after.nodes.find((n) => n.kind === 'transform')!.id;
    expect(after.edges.find((e) => e.id === edge.id)).toMatchObject({ source: 'request', target: inserted });
    expect(after.edges.find((e) => e.source === inserted)).toMatchObject({ target: edge.target });
    browser.assertNoProblems();
  });

  it('adds a sticky note, writes in it and resizes it', async () => {
    await page.getByRole('button', { name: 'Add sticky note' }).click();
    const note = page.locator('.react-flow__node-note').first();
    await note.waitFor();
    await note.dblclick();
    const text = page.getByRole('textbox', { name: 'Note text' });
    await text.fill('Ask <b>security</b> first');
    await focusCanvas();
    await expect(note.locator('.fl-note__text').textContent()).resolves.toBe('Ask <b>security</b> first');
    await note.click();
    const handle = note.locator('.react-flow__resize-control.handle.bottom.right');
    const from = await centreOf(handle);
    await drag(from, { x: from.x + 80, y: from.y + 40 });
    const definition = await drawn();
    const [id, entry] = Object.entries(definition.layout).find(([, e]) => e.note !== undefined)! as [
      string,
      { note: string; width?: number; height?: number },
    ];
    expect(id).toMatch(/^note-/);
    expect(entry.note).toBe('Ask <b>security</b> first');
    expect(entry.width).toBeGreaterThan(250);
    expect(entry.height).toBeGreaterThan(140);
    await screenshot(page, 'canvas-note');
    browser.assertNoProblems();
  });

  it('lays the workflow out without overlaps, keeping the exits in order, as one undoable move', async () => {
    await open('layout');
    const ids = accessApproval.nodes.map((n) => n.id);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Undo' }).and(page.locator(':not([disabled])')).waitFor();
    const laid = await drawn();
    const boxes = await Promise.all(ids.map(async (id) => ({ id, box: (await node(id).boundingBox())! })));
    for (const a of boxes)
      for (const b of boxes) {
        if (a.id >= b.id) continue;
        const overlap =
          a.box.x < b.box.x + b.box.width &&
          b.box.x < a.box.x + a.box.width &&
          a.box.y < b.box.y + b.box.height &&
          b.box.y < a.box.y + a.box.height;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    // The manager's exits (approved, rejected, timeout) lead to nodes placed top to bottom.
    const y = (id: string) => laid.layout[id]!.y;
    expect(y('privileged')).toBeLessThan(y('refused'));
    // Left to right: the trigger first, the ends last.
    expect(laid.layout['request']!.x).toBeLessThan(laid.layout['managerApproval']!.x);
    expect(laid.layout['managerApproval']!.x).toBeLessThan(laid.layout['granted']!.x);
    // Then the view fits the laid-out workflow: every node is on screen.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    // The fit is animated; on a loaded machine it takes longer than poll's default second.
    await expect
      .poll(
        async () => {
          const all = await Promise.all(ids.map(async (id) => (await node(id).boundingBox())!));
          return all.every(
            (b) =>
              b.x >= pane.x &&
              b.y >= pane.y &&
              b.x + b.width <= pane.x + pane.width &&
              b.y + b.height <= pane.y + pane.height,
          );
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await screenshot(page, 'canvas-auto-layout');
    await focusCanvas();
    await page.keyboard.press('Control+Z');
    const undone = await drawn();
    expect(undone.layout['managerApproval']).toEqual({ x: 220, y: 120 });
    browser.assertNoProblems();
  });

  it('opens the keyboard shortcuts with ? and closes them with Escape', async () => {
    await focusCanvas();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Undo');
    await expect(dialog.textContent()).resolves.toContain('Align left');
    await expectAccessible(page, 'keyboard shortcuts');
    await screenshot(page, 'canvas-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    browser.assertNoProblems();
  });

  it('looks right in the dark theme', async () => {
    await page.getByTestId('theme-toggle').click();
    await focusCanvas();
    await page.keyboard.press('Shift+1');
    await page.waitForTimeout(400);
    await clickNode(page, 'managerApproval');
    await expectAccessible(page, 'editor (dark)');
    await screenshot(page, 'canvas-dark');
    await page.getByTestId('theme-toggle').click();
    browser.assertNoProblems();
  });

  it('shows a viewer no palette, and nodes cannot be dragged', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await fillSignIn(page, VIEWER.email, VIEWER.password);
    await page.getByText('Read-only').waitFor();
    await open('layout');
    await node('request').waitFor();
    await expect(page.locator('[data-palette-id]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Auto-layout' }).count()).resolves.toBe(0);
    // Where the node is in the drawing (its transform), not on the screen (a drag may pan the view).
    const placed = async () =>
      (await node('request').getAttribute('style'))?.match(/translate\(([^)]*)\)/)?.[1];
    const start = await placed();
    expect(start).toBeDefined();
    const from = await centreOf(node('request'));
    await drag(from, { x: from.x + 150, y: from.y + 100 });
    expect(await placed()).toBe(start);
    await clickNode(page, 'request');
    await expect(node('request').getAttribute('class')).resolves.toContain('selected');
    await page.keyboard.press('Delete');
    expect(await node('request').count()).toBe(1);
    await expectAccessible(page, 'editor (viewer)');
    browser.assertNoProblems();
  });
});
