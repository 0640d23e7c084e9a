import { describe, expect, it } from 'vitest';
import { accessApproval } from '../testing/fixtures';
import { canRedo, canUndo, createEditorStore } from './store';

describe('the editor store', () => {
  it('undoes ten edits back to the exact definition, and redoes them to the exact end', () => {
    const start = accessApproval();
    const store = createEditorStore(start);
    const { dispatch } = store.getState();
    const results = [
      dispatch('addNode', { kind: 'approval', position: { x: 100, y: 400 } }),
      dispatch('setField', {
        nodeId: 'approval1',
        path: ['assignees'],
        value: [{ type: 'group', id: 'cab' }],
      }),
      dispatch('rename', { nodeId: 'approval1', name: 'CAB review' }),
      dispatch('insertNodeOnEdge', { edgeId: 'e8', kind: 'task', action: 'email.send' }),
      dispatch('move', { positions: { request: { x: -40, y: 100 } } }),
      dispatch('connect', { source: 'approval1', sourceHandle: 'approved', target: 'granted' }),
      dispatch('addNote', { position: { x: 0, y: 0 }, text: 'Remember the CAB' }),
      dispatch('remove', { nodes: ['serviceDesk'] }),
      dispatch('rename', { nodeId: 'managerApproval', id: 'manager' }),
      dispatch('updateWorkflow', { description: 'Edited in the designer' }),
    ];
    expect(results.every((r) => r.ok)).toBe(true);
    const end = store.getState().doc.definition;
    expect(store.getState().past).toHaveLength(10);
    for (let i = 0; i < 10; i += 1) store.getState().undo();
    expect(store.getState().doc.definition).toStrictEqual(start);
    expect(store.getState().doc.definition).toBe(start);
    expect(canUndo(store.getState())).toBe(false);
    for (let i = 0; i < 10; i += 1) store.getState().redo();
    expect(store.getState().doc.definition).toBe(end);
    expect(canRedo(store.getState())).toBe(false);
  });

  it('shares structure between snapshots: an edit copies only what it changed', () => {
    const store = createEditorStore(accessApproval());
    const before = store.getState().doc.definition;
    store.getState().dispatch('move', { positions: { request: { x: 1, y: 2 } } });
    const after = store.getState().doc.definition;
    expect(after.nodes).toBe(before.nodes);
    expect(after.edges).toBe(before.edges);
    expect(after.layout['granted']).toBe(before.layout['granted']);
  });

  it('makes one undo entry of a drag, and none of selection changes', () => {
    const store = createEditorStore(accessApproval());
    const { dispatch } = store.getState();
    dispatch('select', { nodes: ['request'] });
    for (let x = 0; x <= 100; x += 10)
      dispatch('move', { positions: { request: { x, y: 120 } } }, { coalesce: 'drag-1' });
    for (let x = 100; x <= 200; x += 10)
      dispatch('move', { positions: { request: { x, y: 120 } } }, { coalesce: 'drag-2' });
    dispatch('select', { nodes: ['granted'] });
    expect(store.getState().past).toHaveLength(2);
    expect(store.getState().doc.definition.layout['request']).toEqual({ x: 200, y: 120 });
    store.getState().undo();
    expect(store.getState().doc.definition.layout['request']).toEqual({ x: 100, y: 120 });
    expect(store.getState().doc.selection.nodes).toEqual(['granted']);
    store.getState().undo();
    expect(store.getState().doc.definition.layout['request']).toEqual({ x: 0, y: 120 });
  });

  it('keeps the reason of a refused edit, leaves the document and history as they were', () => {
    const store = createEditorStore(accessApproval());
    const before = store.getState().doc;
    const result = store
      .getState()
      .dispatch('connect', { source: 'granted', sourceHandle: 'out', target: 'refused' });
    expect(result.ok).toBe(false);
    expect(store.getState().refusal).toContain('ends the workflow');
    expect(store.getState().doc).toBe(before);
    expect(store.getState().past).toHaveLength(0);
  });

  it('drops from the selection what undo takes away', () => {
    const store = createEditorStore(accessApproval());
    store.getState().dispatch('addNode', { kind: 'wait', position: { x: 0, y: 0 } });
    expect(store.getState().doc.selection.nodes).toEqual(['wait1']);
    store.getState().undo();
    expect(store.getState().doc.selection.nodes).toEqual([]);
    expect(store.getState().revision).toBe(2);
  });
});
