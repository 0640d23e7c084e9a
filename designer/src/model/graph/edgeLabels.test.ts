import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../document/store';
import { accessApproval } from '../testing/fixtures';
import { edgeLabels } from './edgeLabels';
import { toFlow } from './toFlow';

const textOf = (definition: ReturnType<typeof accessApproval>) =>
  Object.fromEntries([...edgeLabels(definition)].map(([id, label]) => [id, label.text]));

describe('edge labels', () => {
  it('shows the edge’s own label, else its exit’s: an outcome, a condition, a fixed exit, nothing for a plain one', () => {
    const definition = accessApproval();
    expect(textOf(definition)).toMatchObject({
      e1: '',
      e2: 'Approve',
      e3: 'Reject',
      e4: 'Timed out',
      e7: 'Admin, or any production access',
      e8: 'Otherwise',
    });
    const flow = toFlow(definition);
    expect(flow.edges.find((e) => e.id === 'e2')?.data?.label).toEqual({
      text: 'Approve',
      source: { type: 'outcome', nodeId: 'managerApproval', index: 0 },
    });
  });

  it('names each edge for screen readers with its whole label and the names of the steps it joins', () => {
    const definition = accessApproval();
    const names = (flow: ReturnType<typeof toFlow>) =>
      Object.fromEntries(flow.edges.map((e) => [e.id, e.ariaLabel]));
    const node = (id: string) => definition.nodes.find((n) => n.id === id)!;
    const e7 = definition.edges.find((e) => e.id === 'e7')!;
    const e1 = definition.edges.find((e) => e.id === 'e1')!;
    expect(names(toFlow(definition))).toMatchObject({
      // The canvas cuts this one short ("Admin, or a…"): its name has all of it.
      e7: `Admin, or any production access: edge from ${node(e7.source).name} to ${node(e7.target).name}`,
      e1: `Edge from ${node(e1.source).name} to ${node(e1.target).name}`,
    });
  });

  it('edits an outcome’s label from its edge (the node’s exit says it too), undoably', () => {
    const start = accessApproval();
    const store = createEditorStore(start);
    expect(store.getState().dispatch('setEdgeLabel', { edgeId: 'e2', label: '  Grant  ' }).ok).toBe(true);
    const after = store.getState().doc.definition;
    const node = after.nodes.find((n) => n.id === 'managerApproval');
    expect(node?.kind === 'approval' && node.outcomes[0]).toEqual({ id: 'approved', label: 'Grant' });
    expect(after.edges).toBe(start.edges);
    expect(textOf(after).e2).toBe('Grant');
    // An outcome's label is its approver's button: it cannot be emptied.
    const refused = store.getState().dispatch('setEdgeLabel', { edgeId: 'e2', label: ' ' });
    expect(refused.ok).toBe(false);
    expect(store.getState().doc.definition).toBe(after);
    store.getState().undo();
    expect(store.getState().doc.definition).toBe(start);
  });

  it('edits a condition’s label, and emptying it shows the condition’s id again', () => {
    const store = createEditorStore(accessApproval());
    store.getState().dispatch('setEdgeLabel', { edgeId: 'e7', label: 'Privileged system' });
    expect(textOf(store.getState().doc.definition).e7).toBe('Privileged system');
    store.getState().dispatch('setEdgeLabel', { edgeId: 'e7', label: '' });
    const decision = store.getState().doc.definition.nodes.find((n) => n.id === 'privileged');
    expect(decision?.kind === 'decision' && decision.conditions[0]).not.toHaveProperty('label');
    expect(textOf(store.getState().doc.definition).e7).toBe('yes');
  });

  it('gives a plain or fixed exit’s edge a label of its own, removed again by an empty text', () => {
    const start = accessApproval();
    const store = createEditorStore(start);
    store.getState().dispatch('setEdgeLabel', { edgeId: 'e1', label: 'Submitted' });
    store.getState().dispatch('setEdgeLabel', { edgeId: 'e8', label: 'Ordinary system' });
    const labelled = store.getState().doc.definition;
    expect(labelled.edges.find((e) => e.id === 'e1')?.label).toBe('Submitted');
    expect(textOf(labelled)).toMatchObject({ e1: 'Submitted', e8: 'Ordinary system' });
    // The edge's own label now wins over its exit's.
    store.getState().dispatch('setEdgeLabel', { edgeId: 'e8', label: 'Other systems' });
    expect(store.getState().doc.definition.nodes).toBe(start.nodes);
    expect(store.getState().dispatch('setEdgeLabel', { edgeId: 'e1', label: 'x'.repeat(121) }).ok).toBe(
      false,
    );
    store.getState().dispatch('setEdgeLabel', { edgeId: 'e1', label: '' });
    expect(store.getState().doc.definition.edges.find((e) => e.id === 'e1')).not.toHaveProperty('label');
    for (let i = 0; i < 4; i += 1) store.getState().undo();
    expect(store.getState().doc.definition).toBe(start);
  });
});
