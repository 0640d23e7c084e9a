import { describe, expect, it } from 'vitest';
import { validate } from '@flowline/engine';
import { createDocument } from '../document/document';
import { perform } from '../document/actions';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import { copySelection, parseClipboard, pasteText } from './clipboard';

const selected = (nodes: string[], notes: string[] = []) => ({
  ...createDocument(accessApproval()),
  selection: { nodes, edges: [], notes },
});

describe('clipboard', () => {
  it('copies the selection as definition JSON: nodes, the edges between them, their layout', () => {
    const text = copySelection(selected(['privileged', 'securityApproval', 'granted']))!;
    const copied = JSON.parse(text) as { nodes: { id: string }[]; edges: { id: string }[]; layout: object };
    expect(copied.nodes.map((n) => n.id)).toEqual(['privileged', 'securityApproval', 'granted']);
    expect(copied.edges.map((e) => e.id)).toEqual(['e7', 'e8', 'e9']);
    expect(Object.keys(copied.layout)).toEqual(['privileged', 'securityApproval', 'granted']);
    expect(copySelection(selected([]))).toBeUndefined();
  });

  it('pastes with new ids, remapped edges and expressions, offset, and selects what it pasted', () => {
    const source = selected(['managerApproval', 'privileged']);
    const withOutput = perform(source, 'setField', {
      nodeId: 'privileged',
      path: ['conditions', 0, 'when'],
      value: 'nodes.managerApproval.outcome == "approved"',
    });
    if (!withOutput.ok) throw new Error(withOutput.error);
    const text = copySelection(withOutput.value)!;
    const pasted = pasteText(createDocument(accessApproval()), text);
    if (!pasted.ok) throw new Error(pasted.error);
    const { definition, selection } = pasted.value;
    expect(selection.nodes).toEqual(['managerApproval1', 'privileged1']);
    expect(definition.edges.filter((e) => selection.edges.includes(e.id))).toEqual([
      expect.objectContaining({
        source: 'managerApproval1',
        sourceHandle: 'approved',
        target: 'privileged1',
      }),
    ]);
    expect(definition.layout['privileged1']).toEqual({ x: 500, y: 160 });
    const privileged = definition.nodes.find((n) => n.id === 'privileged1')!;
    expect(privileged.kind === 'decision' && privileged.conditions[0]!.when).toBe(
      'nodes.managerApproval1.outcome == "approved"',
    );
    expect(validate(definition, fixtureCatalog).filter((i) => i.code.startsWith('DUPLICATE'))).toEqual([]);
  });

  it('pastes at the pointer and into another workflow keeping free ids', () => {
    const text = copySelection(selected(['request', 'refused'], []))!;
    const empty = createDocument({ ...accessApproval(), nodes: [], edges: [], layout: {} });
    const pasted = pasteText(empty, text, { x: 500, y: 500 });
    if (!pasted.ok) throw new Error(pasted.error);
    expect(pasted.value.selection.nodes).toEqual(['request', 'refused']);
    expect(pasted.value.definition.layout).toEqual({
      request: { x: 500, y: 500 },
      refused: { x: 1180, y: 680 },
    });
  });

  it('refuses a foreign or invalid payload with a clear message', () => {
    const refusal = (text: string) => {
      const result = parseClipboard(text);
      return result.ok ? undefined : result.error;
    };
    expect(refusal('hello')).toBe(
      'The clipboard holds text, not Flowline nodes. Copy nodes in a Flowline workflow first.',
    );
    expect(refusal('{"items": []}')).toContain('no Flowline nodes');
    expect(refusal('[1,2]')).toContain('no Flowline nodes');
    expect(
      refusal(
        JSON.stringify({ nodes: [{ id: 'x', kind: 'approval', name: 'X', title: 'X', assignees: [] }] }),
      ),
    ).toBe('The copied nodes cannot be pasted: nodes.0.assignees: Name at least one approver.');
    expect(refusal(JSON.stringify({ nodes: [{ id: 'x', kind: 'robot', name: 'X' }] }))).toContain(
      'cannot be pasted',
    );
    expect(refusal(JSON.stringify({ nodes: [] }))).toBe('The clipboard holds no nodes to paste.');
  });

  it('pastes a whole definition file', () => {
    const pasted = pasteText(
      createDocument({ ...accessApproval(), nodes: [], edges: [], layout: {} }),
      JSON.stringify(accessApproval()),
    );
    expect(pasted.ok && pasted.value.definition.nodes).toHaveLength(7);
    expect(pasted.ok && pasted.value.definition.edges).toHaveLength(10);
  });
});
