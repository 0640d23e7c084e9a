import { describe, expect, it } from 'vitest';
import { accessApproval } from '../testing/fixtures';
import { indexProblems, type Problem } from '../validation/problems';
import { applyMarks, canvasMarks, markClassName, markKey, markText, NO_MARKS } from './canvasMarks';
import { freePosition, snapPoint } from './placement';
import { stableEdges, stableNodes } from './stableFlow';
import { toFlow } from './toFlow';
import { isNoteNode } from './flowTypes';
import { move } from '../document/edits';
import { createDocument } from '../document/document';

const problem = (over: Partial<Problem>): Problem => ({
  key: Math.random().toString(),
  code: 'MISSING_EXIT' as Problem['code'],
  severity: 'error',
  message: 'Something is wrong',
  path: [],
  ...over,
});

describe('canvasMarks', () => {
  it('marks nodes and edges with their worst problem, the test path and diff statuses', () => {
    const problems = indexProblems([
      problem({ nodeId: 'a', severity: 'warning', message: 'Just a warning' }),
      problem({ nodeId: 'a', severity: 'error', message: 'The real error' }),
      problem({ edgeId: 'e1', severity: 'warning', message: 'Edge warning' }),
    ]);
    const marks = canvasMarks({
      problems,
      testPath: { nodes: ['a', 'b'], edges: ['e1'], current: 'b' },
      diff: { nodes: { c: 'added' }, edges: { e2: 'removed' } },
    });
    expect(marks.nodes.get('a')).toEqual({
      problem: { severity: 'error', message: 'The real error', count: 2 },
      test: 'taken',
    });
    expect(marks.nodes.get('b')).toEqual({ test: 'current' });
    expect(marks.nodes.get('c')).toEqual({ diff: 'added' });
    expect(marks.edges.get('e1')).toEqual({
      problem: { severity: 'warning', message: 'Edge warning', count: 1 },
      test: 'taken',
    });
    expect(marks.edges.get('e2')).toEqual({ diff: 'removed' });
    expect(markClassName(marks.nodes.get('a'))).toBe('fl-mark--error fl-mark--taken');
    expect(markClassName(marks.nodes.get('b'))).toBe('fl-mark--current fl-mark--taken');
    expect(markClassName(undefined)).toBeUndefined();
    expect(markText(marks.nodes.get('a'))).toBe('Error: The real error. Taken in the test run');
    expect(markText({ test: 'current', path: 'run' })).toBe('Where the run is now');
    expect(markText({ test: 'taken', path: 'run' })).toBe('Taken by the run');
    expect(markKey(marks.nodes.get('c'))).not.toBe(markKey(marks.nodes.get('b')));
  });

  it('puts marks into the flow: node data and class, edge class and accessible name', () => {
    const definition = accessApproval();
    const flow = toFlow(definition);
    expect(applyMarks(flow, NO_MARKS)).toBe(flow);
    const marked = applyMarks(
      flow,
      canvasMarks({ diff: { nodes: { managerApproval: 'changed' }, edges: { e4: 'added' } } }),
    );
    const node = marked.nodes.find((n) => n.id === 'managerApproval')!;
    expect(node.className).toBe('fl-mark--changed');
    expect(!isNoteNode(node) && node.data.mark).toEqual({ diff: 'changed' });
    const edge = marked.edges.find((e) => e.id === 'e4')!;
    expect(edge.className).toBe('fl-mark--added');
    expect(edge.ariaLabel).toContain('added in this version');
    // Unmarked ones are the same objects.
    expect(marked.nodes.find((n) => n.id === 'request')).toBe(flow.nodes.find((n) => n.id === 'request'));
  });
});

describe('stableNodes / stableEdges', () => {
  it('keeps the objects of unchanged nodes and edges across an edit, and carries measured sizes', () => {
    const doc = createDocument(accessApproval());
    const first = toFlow(doc.definition);
    const measured = new Map([['request', { width: 200, height: 70 }]]);
    const a = stableNodes([], first.nodes, measured);
    expect(a.find((n) => n.id === 'request')?.measured).toEqual({ width: 200, height: 70 });
    // The same definition again: the same array.
    expect(stableNodes(a, toFlow(doc.definition).nodes, measured)).toBe(a);
    expect(stableEdges(first.edges, toFlow(doc.definition).edges)).toBe(first.edges);

    const moved = move(doc, { positions: { managerApproval: { x: 999, y: 5 } } });
    if (!moved.ok) throw new Error(moved.error);
    const b = stableNodes(a, toFlow(moved.value.definition).nodes, measured);
    expect(b).not.toBe(a);
    for (const node of b) {
      const old = a.find((n) => n.id === node.id);
      if (node.id === 'managerApproval') {
        expect(node).not.toBe(old);
        expect(node.position).toEqual({ x: 999, y: 5 });
      } else expect(node).toBe(old);
    }
    const selected = stableEdges(
      first.edges,
      toFlow(doc.definition, { nodes: [], edges: ['e4'], notes: [] }).edges,
    );
    expect(selected.filter((e, i) => e !== first.edges[i]).map((e) => e.id)).toEqual(['e4']);
  });
});

describe('placement', () => {
  it('snaps to the grid and finds a free place below taken ones', () => {
    expect(snapPoint({ x: 31, y: 49 }, 20)).toEqual({ x: 40, y: 40 });
    const definition = { ...accessApproval(), layout: { a: { x: 100, y: 100 }, b: { x: 100, y: 200 } } };
    const free = freePosition(definition, { x: 110, y: 110 });
    expect(free.x).toBe(120);
    expect(free.y).toBeGreaterThanOrEqual(280);
    expect(freePosition(definition, { x: 600, y: 100 })).toEqual({ x: 600, y: 100 });
  });
});
