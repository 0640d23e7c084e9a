import { describe, expect, it } from 'vitest';
import { handleList } from '../graph/handles';
import { createEditorStore } from '../document/store';
import { accessApproval } from '../testing/fixtures';
import { movedItem } from './listItems';

describe('movedItem', () => {
  it('moves one item up or down and keeps the others in order', () => {
    expect(movedItem(['a', 'b', 'c', 'd'], 2, -1)).toEqual(['a', 'c', 'b', 'd']);
    expect(movedItem(['a', 'b', 'c', 'd'], 0, 1)).toEqual(['b', 'a', 'c', 'd']);
    expect(movedItem(['a', 'b', 'c', 'd'], 1, 2)).toEqual(['a', 'c', 'd', 'b']);
  });

  it('gives the same array back when the move would leave the list', () => {
    const items = ['a', 'b'];
    expect(movedItem(items, 0, -1)).toBe(items);
    expect(movedItem(items, 1, 1)).toBe(items);
    expect(movedItem(items, 5, -1)).toBe(items);
    expect(movedItem(items, 1, 0)).toBe(items);
  });
});

describe('reordering a collection in the inspector', () => {
  it("moves an approval's outcome down: its exits follow the new order, every edge stays, undo restores it", () => {
    const start = accessApproval();
    const store = createEditorStore(start);
    const approval = start.nodes.find((n) => n.id === 'managerApproval');
    if (approval?.kind !== 'approval') throw new Error('fixture changed');
    const result = store.getState().dispatch('setField', {
      nodeId: 'managerApproval',
      path: ['outcomes'],
      value: movedItem(approval.outcomes, 0, 1),
    });
    expect(result.ok).toBe(true);
    const after = store.getState().doc.definition;
    const moved = after.nodes.find((n) => n.id === 'managerApproval')!;
    expect(handleList(moved).map((h) => h.id)).toEqual(['rejected', 'approved', 'timeout']);
    expect(after.edges).toEqual(start.edges);
    store.getState().undo();
    expect(store.getState().doc.definition).toBe(start);
    store.getState().redo();
    expect(store.getState().doc.definition).toBe(after);
  });

  it("moves a request form field up through the workflow's own fields, undoably", () => {
    const start = accessApproval();
    const store = createEditorStore(start);
    store.getState().dispatch('updateWorkflow', { input: [...movedItem(start.input, 3, -1)] });
    expect(store.getState().doc.definition.input.map((f) => f.key)).toEqual([
      'system',
      'accessLevel',
      'manager',
      'justification',
    ]);
    store.getState().undo();
    expect(store.getState().doc.definition).toBe(start);
  });
});
