import type { WorkflowDefinition } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { perform } from '../document/actions';
import { createDocument, type EditorDocument } from '../document/document';
import type { AddNodeArgs } from '../document/edits';
import { estimatedNodeSize, freePosition, newNodeSize } from './placement';

const empty: WorkflowDefinition = {
  id: 'desk-ticket',
  name: 'Desk ticket',
  nodes: [],
  edges: [],
  layout: {},
} as unknown as WorkflowDefinition;

/** Adds nodes as the palette does on a click: each at the view's centre, or the first free place below. */
function addAtCentre(entries: readonly Omit<AddNodeArgs, 'position'>[]): EditorDocument {
  let doc = createDocument(empty);
  for (const args of entries) {
    const position = freePosition(doc.definition, { x: 300, y: 200 }, 20, newNodeSize(args));
    const result = perform(doc, 'addNode', { ...args, position });
    if (!result.ok) throw new Error(result.error);
    doc = result.value;
  }
  return doc;
}

describe('free position for a node added at the centre', () => {
  it('puts nodes added in a row one below the other, none covering another as drawn', () => {
    const doc = addAtCentre([
      { kind: 'trigger', name: 'Manual start', preset: { trigger: { type: 'manual' } } },
      { kind: 'task', name: 'Create item', action: 'acme-desk.createItem' },
      { kind: 'approval', name: 'Approval' },
      { kind: 'end', name: 'End' },
    ]);
    const boxes = doc.definition.nodes.map((node) => ({
      id: node.id,
      ...doc.definition.layout[node.id]!,
      ...estimatedNodeSize(node),
    }));
    // A task draws its error exit and an approval its outcomes: both are taller than a bare node.
    expect(boxes[1]!.height).toBeGreaterThan(100);
    for (const [index, box] of boxes.entries()) {
      for (const other of boxes.slice(index + 1)) {
        const overlap =
          box.x < other.x + other.width &&
          other.x < box.x + box.width &&
          box.y < other.y + other.height &&
          other.y < box.y + box.height;
        expect(overlap, `${box.id} and ${other.id}`).toBe(false);
      }
    }
    expect(boxes.map((box) => box.x)).toEqual([300, 300, 300, 300]);
  });

  it('keeps the centre when it is free', () => {
    expect(freePosition(empty, { x: 301, y: 199 })).toEqual({ x: 300, y: 200 });
  });
});
