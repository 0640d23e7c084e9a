import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handlesOf } from '@flowline/engine';
import { accessApproval, definitionWithLayout } from '../testing/fixtures';
import { fromFlow } from './fromFlow';
import { isNoteNode } from './flowTypes';
import { toFlow } from './toFlow';

describe('toFlow / fromFlow', () => {
  it('round-trips generated definitions exactly (nodes, edges, positions, sticky notes)', () => {
    fc.assert(
      fc.property(definitionWithLayout, (definition) => {
        expect(fromFlow(toFlow(definition), definition)).toStrictEqual(definition);
      }),
      { numRuns: 150 },
    );
  });

  it('draws the access-approval example with its positions and one handle per exit', () => {
    const definition = accessApproval();
    const flow = toFlow(definition, { nodes: ['managerApproval'], edges: ['e4'], notes: [] });
    const manager = flow.nodes.find((n) => n.id === 'managerApproval')!;
    expect(manager.type).toBe('approval');
    expect(manager.position).toEqual({ x: 220, y: 120 });
    expect(manager.selected).toBe(true);
    expect(!isNoteNode(manager) && manager.data.handles.map((h) => [h.id, h.label])).toEqual([
      ['approved', 'Approve'],
      ['rejected', 'Reject'],
      ['timeout', 'Timed out'],
    ]);
    const privileged = flow.nodes.find((n) => n.id === 'privileged')!;
    expect(!isNoteNode(privileged) && privileged.data.handles.map((h) => h.id)).toEqual(['yes', 'default']);
    expect(flow.edges.find((e) => e.id === 'e4')).toMatchObject({
      source: 'managerApproval',
      sourceHandle: 'timeout',
      target: 'serviceDesk',
      selected: true,
    });
    for (const node of flow.nodes) {
      if (isNoteNode(node)) continue;
      const { required, optional } = handlesOf(node.data.node);
      expect(node.data.handles.map((h) => h.id)).toEqual([...required, ...optional]);
    }
    expect(fromFlow(flow, definition)).toStrictEqual(definition);
  });

  it('places nodes without a position and keeps them unplaced; a moved one gets its position', () => {
    const definition = { ...accessApproval(), layout: {} };
    const flow = toFlow(definition);
    expect(new Set(flow.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(flow.nodes.length);
    expect(fromFlow(flow, definition).layout).toEqual({});
    const moved = flow.nodes.map((n) =>
      n.id === 'request' && !isNoteNode(n)
        ? { ...n, position: { x: 5, y: 6 }, data: { ...n.data, positioned: true } }
        : n,
    );
    expect(fromFlow({ ...flow, nodes: moved }, definition).layout).toEqual({ request: { x: 5, y: 6 } });
  });

  it('draws sticky notes beneath the nodes and keeps their size from the canvas', () => {
    const definition = {
      ...accessApproval(),
      layout: { ...accessApproval().layout, 'note-1': { x: 1, y: 2, note: 'Hi' } },
    };
    const flow = toFlow(definition);
    expect(flow.nodes[0]).toMatchObject({ id: 'note-1', type: 'note', position: { x: 1, y: 2 } });
    const resized = flow.nodes.map((n) => (n.id === 'note-1' ? { ...n, width: 300, height: 120 } : n));
    expect(fromFlow({ ...flow, nodes: resized }, definition).layout['note-1']).toEqual({
      x: 1,
      y: 2,
      note: 'Hi',
      width: 300,
      height: 120,
    });
  });
});
