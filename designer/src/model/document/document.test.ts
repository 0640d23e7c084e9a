import { describe, expect, it } from 'vitest';
import { NODE_KINDS, WorkflowDefinitionSchema, type WorkflowDefinition } from '@flowline/engine';
import { accessApproval } from '../testing/fixtures';
import { matchShortcut, perform, shortcutList } from './actions';
import { createDocument, type EditorDocument } from './document';
import { kindSchema, newNode } from './newNode';

const doc = (definition: WorkflowDefinition = accessApproval()): EditorDocument => createDocument(definition);

function must(result: ReturnType<typeof perform>): EditorDocument {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const nodeOf = (d: EditorDocument, id: string) => d.definition.nodes.find((n) => n.id === id)!;

describe('new nodes', () => {
  it('start from the schema defaults of their kind, and miss only what the author must say', () => {
    const expectedGaps: Record<string, string[]> = {
      approval: ['assignees'],
      manualTask: ['assignees'],
      decision: ['conditions.0.when'],
      transform: ['set'],
      subworkflow: ['workflowId'],
      task: ['action'],
      forEach: ['items', 'run.action'],
    };
    for (const kind of NODE_KINDS) {
      const node = newNode(kind, { id: `${kind}1` });
      const parsed = kindSchema(kind).safeParse(node);
      const gaps = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
      expect(gaps, kind).toEqual(expectedGaps[kind] ?? []);
    }
    const approval = newNode('approval', { id: 'a1' });
    expect(approval).toMatchObject({
      name: 'Approval',
      title: 'Approval',
      policy: { type: 'any' },
      segregationOfDuties: true,
    });
    expect(newNode('trigger', { id: 't', preset: { trigger: { type: 'webhook' } } })).toMatchObject({
      trigger: { type: 'webhook', signature: { scheme: 'none' } },
    });
  });
});

describe('actions', () => {
  it('adds a node with a fresh id, positioned and selected', () => {
    const d = must(perform(doc(), 'addNode', { kind: 'approval', position: { x: 10, y: 20 } }));
    const added = d.definition.nodes.at(-1)!;
    expect(added.id).toBe('approval1');
    expect(d.definition.layout['approval1']).toEqual({ x: 10, y: 20 });
    expect(d.selection.nodes).toEqual(['approval1']);
    const again = must(
      perform(d, 'addNode', { kind: 'task', action: 'servicenow.createIncident', position: { x: 0, y: 0 } }),
    );
    expect(again.definition.nodes.at(-1)).toMatchObject({
      id: 'createIncident1',
      kind: 'task',
      action: 'servicenow.createIncident',
    });
  });

  it('connects only what the engine allows, and says why not', () => {
    const refused = perform(doc(), 'connect', {
      source: 'managerApproval',
      sourceHandle: 'approved',
      target: 'granted',
    });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toContain('already has an edge');
    const intoTrigger = perform(doc(), 'connect', {
      source: 'granted',
      sourceHandle: 'out',
      target: 'request',
    });
    expect(!intoTrigger.ok && intoTrigger.error).toContain('ends the workflow');
    const cut = must(perform(doc(), 'remove', { edges: ['e3'] }));
    const joined = must(
      perform(cut, 'connect', { source: 'managerApproval', sourceHandle: 'rejected', target: 'refused' }),
    );
    expect(joined.definition.edges.at(-1)).toMatchObject({
      source: 'managerApproval',
      sourceHandle: 'rejected',
      target: 'refused',
    });
    expect(new Set(joined.definition.edges.map((e) => e.id)).size).toBe(joined.definition.edges.length);
  });

  it('inserts a node on an edge: the edge ends at it, its first exit leads on', () => {
    const d = must(perform(doc(), 'insertNodeOnEdge', { edgeId: 'e8', kind: 'task', action: 'email.send' }));
    const node = d.definition.nodes.at(-1)!;
    expect(d.definition.edges.find((e) => e.id === 'e8')).toMatchObject({
      source: 'privileged',
      sourceHandle: 'default',
      target: node.id,
    });
    expect(d.definition.edges.at(-1)).toMatchObject({
      source: node.id,
      sourceHandle: 'out',
      target: 'granted',
    });
    expect(d.definition.layout[node.id]).toEqual({ x: (460 + 920) / 2, y: 120 });
    const end = perform(doc(), 'insertNodeOnEdge', { edgeId: 'e8', kind: 'end' });
    expect(!end.ok && end.error).toContain('has no exit');
  });

  it('removes nodes with their edges and positions; duplicates with new ids and internal edges', () => {
    const removed = must(
      perform({ ...doc(), selection: { nodes: ['serviceDesk'], edges: [], notes: [] } }, 'remove', undefined),
    );
    expect(removed.definition.nodes.map((n) => n.id)).not.toContain('serviceDesk');
    expect(removed.definition.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e7', 'e8', 'e9', 'e10']);
    expect(removed.definition.layout['serviceDesk']).toBeUndefined();
    expect(removed.selection.nodes).toEqual([]);

    const selected = {
      ...doc(),
      selection: { nodes: ['privileged', 'securityApproval'], edges: [], notes: [] },
    };
    const copy = must(perform(selected, 'duplicate', undefined));
    expect(copy.selection.nodes).toEqual(['privileged1', 'securityApproval1']);
    expect(copy.definition.edges.filter((e) => e.source === 'privileged1')).toEqual([
      expect.objectContaining({ sourceHandle: 'yes', target: 'securityApproval1' }),
    ]);
    expect(copy.definition.layout['privileged1']).toEqual({ x: 500, y: 160 });
  });

  it('keeps an edge when a condition is renamed in place, drops it when the exit goes', () => {
    const d = doc();
    const privileged = nodeOf(d, 'privileged');
    if (privileged.kind !== 'decision') throw new Error('decision expected');
    const renamed = must(
      perform(d, 'setField', { nodeId: 'privileged', path: ['conditions', 0, 'id'], value: 'privileged' }),
    );
    expect(renamed.definition.edges.find((e) => e.id === 'e7')!.sourceHandle).toBe('privileged');
    const noTimeout = must(
      perform(d, 'setField', { nodeId: 'managerApproval', path: ['due'], value: undefined }),
    );
    expect(noTimeout.definition.edges.map((e) => e.id)).not.toContain('e4');
    expect(nodeOf(noTimeout, 'managerApproval')).not.toHaveProperty('due');
    const changed = must(
      perform(d, 'updateConfig', {
        nodeId: 'privileged',
        node: { ...privileged, name: 'Is it privileged?' },
      }),
    );
    expect(nodeOf(changed, 'privileged').name).toBe('Is it privileged?');
    expect(
      perform(d, 'updateConfig', { nodeId: 'privileged', node: { ...privileged, id: 'other' } }).ok,
    ).toBe(false);
  });

  it('renames an id with its edges, position and the expressions that read it', () => {
    const base = doc();
    const reading = must(
      perform(base, 'setField', {
        nodeId: 'granted',
        path: ['output', 'by'],
        value: 'nodes.managerApproval.decisions[0].by + "managerApproval"',
      }),
    );
    const d = must(
      perform({ ...reading, selection: { nodes: ['managerApproval'], edges: [], notes: [] } }, 'rename', {
        nodeId: 'managerApproval',
        id: 'manager',
        name: 'Manager',
      }),
    );
    expect(nodeOf(d, 'manager').name).toBe('Manager');
    expect(d.definition.edges.filter((e) => e.source === 'manager').map((e) => e.id)).toEqual([
      'e2',
      'e3',
      'e4',
    ]);
    expect(d.definition.layout['manager']).toEqual({ x: 220, y: 120 });
    expect(d.selection.nodes).toEqual(['manager']);
    const granted = nodeOf(d, 'granted');
    expect(granted.kind === 'end' && granted.output['by']).toBe(
      'nodes.manager.decisions[0].by + "managerApproval"',
    );
    expect(!perform(base, 'rename', { nodeId: 'managerApproval', id: '1bad' }).ok).toBe(true);
    const taken = perform(base, 'rename', { nodeId: 'managerApproval', id: 'granted' });
    expect(!taken.ok && taken.error).toBe('Another node already has the id "granted"');
  });

  it('aligns the selection on one line, notes included', () => {
    const d = must(perform(doc(), 'addNote', { position: { x: 5, y: 500 }, text: 'Ask legal' }));
    expect(d.selection.notes).toEqual(['note-1']);
    const selected = { ...d, selection: { nodes: ['request', 'serviceDesk'], edges: [], notes: ['note-1'] } };
    const left = must(perform(selected, 'alignLeft', undefined));
    expect(['request', 'serviceDesk', 'note-1'].map((id) => left.definition.layout[id]!.x)).toEqual([
      0, 0, 0,
    ]);
    const top = must(perform(selected, 'alignTop', { sizes: { request: { width: 100, height: 50 } } }));
    expect(['request', 'serviceDesk', 'note-1'].map((id) => top.definition.layout[id]!.y)).toEqual([
      120, 120, 120,
    ]);
    const bottom = must(perform(selected, 'alignBottom', undefined));
    expect(bottom.definition.layout['note-1']).toMatchObject({ y: 500, note: 'Ask legal' });
    expect(bottom.definition.layout['request']!.y).toBe(620 - 80);
    const edited = must(
      perform(d, 'editNote', { id: 'note-1', changes: { note: 'Ask legal first', width: 300 } }),
    );
    expect(edited.definition.layout['note-1']).toEqual({ x: 5, y: 500, note: 'Ask legal first', width: 300 });
    expect(WorkflowDefinitionSchema.parse(edited.definition)).toEqual(edited.definition);
  });
});

describe('shortcuts', () => {
  const press = (
    key: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
  ) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('come from the one action list', () => {
    expect(matchShortcut(press('d', { metaKey: true }), true)).toEqual({
      kind: 'action',
      id: 'duplicate',
      args: undefined,
    });
    expect(matchShortcut(press('d', { ctrlKey: true }), false)).toEqual({
      kind: 'action',
      id: 'duplicate',
      args: undefined,
    });
    expect(matchShortcut(press('z', { ctrlKey: true, shiftKey: true }), false)).toEqual({
      kind: 'command',
      id: 'redo',
    });
    expect(matchShortcut(press('Delete'), false)).toMatchObject({ id: 'remove' });
    expect(matchShortcut(press('ArrowLeft'), false)).toEqual({
      kind: 'action',
      id: 'nudge',
      args: { dx: -10, dy: 0 },
    });
    expect(matchShortcut(press('q'), false)).toBeUndefined();
    // Shift+1 types "!" on a US keyboard: the physical key still makes it Shift+1 (zoom to fit).
    expect(matchShortcut({ ...press('!', { shiftKey: true }), code: 'Digit1' }, false)).toEqual({
      kind: 'command',
      id: 'fitView',
    });
    expect(matchShortcut({ ...press('?', { shiftKey: true }), code: 'Slash' }, false)).toEqual({
      kind: 'command',
      id: 'help',
    });
    const keys = shortcutList().map((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
