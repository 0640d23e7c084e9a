import { aWorkflow, n } from '@flowline/engine/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  centreOf,
  expectAccessible,
  keepFailure,
  mouseDrag,
  openWorkflow,
  screenshot,
  type TestBrowser,
} from '../support/browser';
import { closeBrowserSuites, saveDraft, startBrowserSuite } from '../support/browserSuite';
import { viewSettled } from '../support/canvas';
import type { RuntimeProcess } from '../support/startRuntime';
import type { ApiClient } from '../support/apiClient';

/**
 * Edges joining the same two steps: an approval's two outcomes into one step (e2, e3), a decision's
 * two conditions into one step (e5, e6), and a parallel split's two branches into one join (e8, e9),
 * which leave by the same exit.
 */
function joined() {
  const definition = aWorkflow('parallel-edges')
    .variables('x')
    .nodes(
      n.trigger(),
      n.approval('review'),
      n.transform('notify', { x: '1' }),
      n.decision('route', [
        { id: 'small', when: 'vars.x < 10' },
        { id: 'large', when: 'vars.x >= 10' },
      ]),
      n.parallel('fork'),
      n.join('merge'),
      n.end('done'),
      n.end('other'),
    )
    .edges(
      'start -> review',
      'review:approved -> notify',
      'review:rejected -> notify',
      'notify -> route',
      'route:small -> fork',
      'route:large -> fork',
      'route:default -> other',
      'fork -> merge',
      'fork -> merge',
      'merge -> done',
    )
    .document();
  // Columns as the auto-layout leaves them for these labels: 90 px apart.
  const column = (i: number) => i * 266;
  return {
    ...definition,
    layout: {
      start: { x: column(0), y: 40 },
      review: { x: column(1), y: 20 },
      notify: { x: column(2), y: 0 },
      route: { x: column(3), y: 0 },
      fork: { x: column(4), y: -20 },
      other: { x: column(4), y: 160 },
      merge: { x: column(5), y: -20 },
      done: { x: column(6), y: -20 },
    },
  };
}

// Edges joining the same two steps, in a real chromium against the runtime, in both themes: each on
// a lane of its own, its label shown and clear of the other labels, and each one can be selected
// by a click on its line.
describe('edges joining the same two steps', () => {
  let runtime: RuntimeProcess;
  let browser: TestBrowser;
  let page: Page;
  let api: ApiClient;

  beforeAll(async () => {
    ({ runtime, browser, page, api } = await startBrowserSuite({
      seed: (api) => saveDraft(api, joined()),
      signIn: true,
    }));
  });
  afterEach(async ({ task }) => keepFailure(task, page, browser, 'parallelEdges-'));
  afterAll(closeBrowserSuites);

  /** The labels drawn (not hidden for want of room), by edge id, with the thing drawn at their middle. */
  const labels = () =>
    page.evaluate<{ edge: string; text: string; onTop: boolean; box: [number, number, number, number] }[]>(
      `[...document.querySelectorAll('.fl-edge-label')]
        .filter((el) => getComputedStyle(el).visibility !== 'hidden')
        .map((el) => {
          const r = el.getBoundingClientRect();
          const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return { edge: el.getAttribute('data-edge'), text: el.textContent, onTop: el.contains(top), box: [r.left, r.top, r.right, r.bottom] };
        })`,
    );
  /** Pairs of drawn labels whose boxes overlap, and labels over a step. */
  const clashes = () =>
    page.evaluate<string[]>(`(() => {
      const labels = [...document.querySelectorAll('.fl-edge-label')].filter((l) => getComputedStyle(l).visibility !== 'hidden');
      const steps = [...document.querySelectorAll('.react-flow__node')];
      const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const found = [];
      labels.forEach((a, i) => {
        const r = a.getBoundingClientRect();
        for (const b of labels.slice(i + 1)) if (meet(r, b.getBoundingClientRect())) found.push(a.dataset.edge + ' / ' + b.dataset.edge);
        for (const s of steps) if (meet(r, s.getBoundingClientRect())) found.push(a.dataset.edge + ' over ' + s.dataset.id);
      });
      return found;
    })()`);
  /**
   * A point of the edge's line where a click reaches that edge (nothing else drawn over it), as far
   * from the line's ends as there is one; null when none.
   */
  const clickablePoint = (id: string) =>
    page.evaluate<{ x: number; y: number } | null>(`(() => {
      const edge = document.querySelector('.react-flow__edge[data-id="${id}"]');
      const path = edge?.querySelector('path.react-flow__edge-path');
      if (!path) return null;
      const matrix = path.getScreenCTM();
      const length = path.getTotalLength();
      const found = [];
      for (let at = 4; at < length - 4; at += 2) {
        const p = path.getPointAtLength(at);
        const x = matrix.a * p.x + matrix.c * p.y + matrix.e;
        const y = matrix.b * p.x + matrix.d * p.y + matrix.f;
        const top = document.elementFromPoint(x, y);
        if (top && top.closest('.react-flow__edge') === edge) found.push({ x, y, at });
      }
      if (found.length === 0) return null;
      found.sort((a, b) => Math.abs(a.at - length / 2) - Math.abs(b.at - length / 2));
      return { x: found[0].x, y: found[0].y };
    })()`);
  /** How much of each edge's line (in px along it) no other edge of the workflow runs along. */
  const ownLength = (id: string, others: string[]) =>
    page.evaluate<number>(`(() => {
      const line = (edgeId) => document.querySelector('.react-flow__edge[data-id="' + edgeId + '"] path.react-flow__edge-path');
      const path = line(${JSON.stringify(id)});
      const others = ${JSON.stringify(others)}.map(line);
      let own = 0;
      for (let at = 0; at < path.getTotalLength(); at += 1) {
        const p = path.getPointAtLength(at);
        const point = new DOMPoint(p.x, p.y);
        if (!others.some((o) => o.isPointInStroke(point))) own += 1;
      }
      return own;
    })()`);
  /** Zooms in on the gap right of a step (the wheel, over it), for a screenshot that can be read. */
  const zoomRightOf = async (id: string) => {
    await page.getByRole('button', { name: /^Zoom to fit/ }).click();
    await viewSettled(page);
    const box = (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    await page.mouse.move(box.x + box.width + 20, box.y + box.height / 2);
    for (let i = 0; i < 6; i += 1) await page.mouse.wheel(0, -100);
    await viewSettled(page);
  };
  /**
   * The points of an edge's line (px along it) that another's line runs over, but for the run into
   * their one target (level with its input).
   */
  const sharedBeforeTheWayIn = (id: string, other: string) =>
    page.evaluate<number>(`(() => {
      const line = (edgeId) => document.querySelector('.react-flow__edge[data-id="' + edgeId + '"] path.react-flow__edge-path');
      const [path, beside] = [line(${JSON.stringify(id)}), line(${JSON.stringify(other)})];
      const end = path.getPointAtLength(path.getTotalLength());
      let shared = 0;
      for (let at = 0; at < path.getTotalLength(); at += 1) {
        const p = path.getPointAtLength(at);
        if (beside.isPointInStroke(new DOMPoint(p.x, p.y)) && Math.abs(p.y - end.y) > 3) shared += 1;
      }
      return shared;
    })()`);
  const selectedEdges = () =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll('.react-flow__edge.selected')].map((e) => e.getAttribute('data-id'))`,
    );

  it('draws each edge of a group on its own lane, its label shown and clear of the others', async () => {
    await openWorkflow(page, runtime.url, 'parallel-edges', 'node');
    await page.getByRole('button', { name: /^Zoom to fit/ }).click();
    await viewSettled(page);
    // Every edge with text shows it, on top, and no two labels, nor a label and a step, meet.
    await expect
      .poll(async () => (await labels()).map((l) => [l.edge, l.text, l.onTop]))
      .toEqual([
        ['e2', 'Approve', true],
        ['e3', 'Reject', true],
        ['e5', 'small', true],
        ['e6', 'large', true],
        ['e7', 'Otherwise', true],
      ]);
    await expect.poll(clashes).toEqual([]);
    // Each edge of a group has a stretch of line no other edge is drawn on; leaving by exits of
    // their own, the two lines meet only on the way into their target (a split's branches, leaving
    // by one exit, share its first few pixels as well).
    for (const [id, other] of [
      ['e2', 'e3'],
      ['e3', 'e2'],
      ['e5', 'e6'],
      ['e6', 'e5'],
    ] as const) {
      expect(await ownLength(id, [other]), `${id} beside ${other}`).toBeGreaterThan(40);
      expect(await sharedBeforeTheWayIn(id, other), `${id} along ${other}`).toBe(0);
    }
    expect(await ownLength('e8', ['e9'])).toBeGreaterThan(40);
    expect(await ownLength('e9', ['e8'])).toBeGreaterThan(40);
    await screenshot(page, 'parallel-edges-light');
    await expectAccessible(page, 'canvas with parallel edges');
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByRole('button', { name: /^Switch to dark/ }).click();
      for (const id of ['review', 'route', 'fork']) {
        await zoomRightOf(id);
        await expect.poll(clashes).toEqual([]);
        await screenshot(page, `parallel-edges-${id}-${theme}`);
      }
    }
    await expectAccessible(page, 'canvas with parallel edges, dark');
    await page.getByRole('button', { name: /^Switch to light/ }).click();
    browser.assertNoProblems();
  });

  it('selects either edge of a group by a click on its line', async () => {
    for (const [step, group] of [
      ['review', ['e2', 'e3']],
      ['route', ['e5', 'e6']],
      ['fork', ['e8', 'e9']],
    ] as const) {
      await zoomRightOf(step);
      for (const id of group) {
        const point = await clickablePoint(id);
        expect(point, `no point of ${id} can be clicked`).not.toBeNull();
        await page.mouse.click(point!.x, point!.y);
        await expect.poll(selectedEdges).toEqual([id]);
      }
    }
    const lower = (await clickablePoint('e6'))!;
    await page.mouse.click(lower.x, lower.y);
    await expect.poll(selectedEdges).toEqual(['e6']);
    await screenshot(page, 'parallel-edges-selected');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await expect.poll(selectedEdges).toEqual([]);
    browser.assertNoProblems();
  });

  it('holds a dragged step on the canvas until the drop, which moves it in the draft once', async () => {
    await zoomRightOf('review');
    const saved = async () =>
      (
        await api.get<{ draft: { definition: { layout: Record<string, { x: number; y: number }> } } }>(
          '/api/definitions/parallel-edges',
        )
      ).body.draft.definition.layout['notify'];
    const before = await saved();
    const notify = page.locator('.react-flow__node[data-id="notify"]');
    const from = await centreOf(notify.locator('.fl-node__name'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 60, { steps: 8 });
    // Longer than the autosave's quiet time: a move per frame would have been saved by now.
    await page.waitForTimeout(1_500);
    expect(await saved()).toEqual(before);
    await page.mouse.up();
    await expect.poll(saved, { timeout: 10_000 }).not.toEqual(before);
    // One undo puts it back, and the draft follows.
    await page.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(saved, { timeout: 10_000 }).toEqual(before);
    browser.assertNoProblems();
  });

  it('puts the lanes apart again where a step is dropped', async () => {
    await zoomRightOf('review');
    const notify = page.locator('.react-flow__node[data-id="notify"]');
    const from = await centreOf(notify.locator('.fl-node__name'));
    await mouseDrag(page, from, { x: from.x + 40, y: from.y + 90 });
    await viewSettled(page);
    // The approval's outcomes now go down into "notify": still apart, the nearer turning first.
    await expect.poll(() => sharedBeforeTheWayIn('e2', 'e3')).toBe(0);
    await expect.poll(() => sharedBeforeTheWayIn('e3', 'e2')).toBe(0);
    await expect.poll(clashes).toEqual([]);
    await screenshot(page, 'parallel-edges-dropped');
    await page.getByRole('button', { name: /^Undo/ }).click();
    browser.assertNoProblems();
  });
});
