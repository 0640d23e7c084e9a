import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDocument } from '../document/document';
import { perform } from '../document/actions';
import { accessApproval, definitionWithLayout } from '../testing/fixtures';
import { diffCanvas, diffStatuses, versionDiff } from './versionDiff';

function edit(...steps: ((d: ReturnType<typeof createDocument>) => ReturnType<typeof perform>)[]) {
  let doc = createDocument(accessApproval());
  for (const step of steps) {
    const r = step(doc);
    if (!r.ok) throw new Error(r.error);
    doc = r.value;
  }
  return doc.definition;
}

describe('version diff', () => {
  it('finds nothing between a version and itself', () => {
    fc.assert(
      fc.property(definitionWithLayout, (d) => {
        const diff = versionDiff(d, structuredClone(d));
        expect(diff.sameBehaviour).toBe(true);
        expect([...diff.nodes.changed, ...diff.edges.changed, ...diff.moved, ...diff.workflow]).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('lists added, removed and changed nodes and edges with the changed fields; moves apart', () => {
    const before = accessApproval();
    const after = edit(
      (d) => perform(d, 'setField', { nodeId: 'securityApproval', path: ['policy', 'count'], value: 3 }),
      (d) => perform(d, 'setField', { nodeId: 'securityApproval', path: ['due', 'after'], value: 'P5D' }),
      (d) => perform(d, 'insertNodeOnEdge', { edgeId: 'e8', kind: 'wait' }),
      (d) => perform(d, 'remove', { nodes: ['serviceDesk'] }),
      (d) => perform(d, 'move', { positions: { request: { x: -100, y: 120 } } }),
      (d) => perform(d, 'updateWorkflow', { name: 'Access request (v2)' }),
    );
    const diff = versionDiff(before, { ...after, version: 2 });
    expect(diff.nodes).toEqual({
      added: ['wait1'],
      removed: ['serviceDesk'],
      changed: [{ id: 'securityApproval', fields: ['policy.count', 'due.after'] }],
    });
    expect(diff.edges.added).toEqual(['e11']);
    expect(diff.edges.removed).toEqual(['e4', 'e5', 'e6']);
    expect(diff.edges.changed).toEqual([{ id: 'e8', fields: ['target'] }]);
    expect(diff.moved).toEqual(['request']);
    expect(diff.workflow).toEqual(['name']);
    expect(diff.sameBehaviour).toBe(false);
    const statuses = diffStatuses(diff);
    expect(statuses.nodes.get('securityApproval')).toBe('changed');
    expect(statuses.nodes.get('request')).toBe('moved');
    expect(statuses.nodes.get('privileged')).toBeUndefined();
    const canvas = diffCanvas(before, after, diff);
    expect(canvas.nodes.map((n) => n.id)).toContain('serviceDesk');
    expect(canvas.layout['serviceDesk']).toEqual({ x: 220, y: 300 });
  });

  it('counts a move or a note as no change of behaviour, and a redrawn edge as the same edge', () => {
    const before = accessApproval();
    const moved = edit(
      (d) => perform(d, 'move', { positions: { granted: { x: 1000, y: 0 } } }),
      (d) => perform(d, 'addNote', { position: { x: 0, y: 0 }, text: 'Hi' }),
    );
    const diff = versionDiff(before, moved);
    expect(diff.sameBehaviour).toBe(true);
    expect(diff.notes.added).toEqual(['note-1']);
    const redrawn = { ...before, edges: before.edges.map((e) => (e.id === 'e3' ? { ...e, id: 'e99' } : e)) };
    const edges = versionDiff(before, redrawn).edges;
    expect(edges).toEqual({ added: [], removed: [], changed: [] });
    const reused = {
      ...before,
      edges: before.edges.map((e) =>
        e.id === 'e3' ? { ...e, source: 'serviceDesk', sourceHandle: 'timeout' } : e,
      ),
    };
    expect(versionDiff(before, reused).edges).toEqual({ added: ['e3'], removed: ['e3'], changed: [] });
  });
});
