import { describe, expect, it } from 'vitest';
import { createEditorStore, perform, createDocument, toFlow, versionDiff } from '../model';
import { accessApproval, fixtureCatalog } from '../model/testing/fixtures';
import { exportFile, importDefinition, readableIssues } from './definitionFile';
import { diffRows, diffSummary } from './diffRows';

const catalog = fixtureCatalog;

describe('importing a definition file', () => {
  it('says plainly when the file is not JSON, or not a definition', () => {
    const notJson = importDefinition('{"nodes": [', 'access-approval', catalog);
    expect(notJson).toMatchObject({ ok: false, summary: expect.stringMatching(/^The file is not JSON/) });
    const array = importDefinition('[1, 2]', 'access-approval', catalog);
    expect(array).toMatchObject({ ok: false, summary: expect.stringMatching(/not a workflow definition/) });
  });

  it('names the node and field of each error in a file that does not follow the format', () => {
    const broken = accessApproval() as unknown as { nodes: Record<string, unknown>[] };
    broken.nodes[1] = { ...broken.nodes[1], assignees: [] };
    const result = importDefinition(JSON.stringify(broken), 'access-approval', catalog);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.summary).toMatch(/does not follow the workflow format/);
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        where: 'Step “Manager approval” (managerApproval) › Assignees',
        message: 'Name at least one approver',
        nodeId: 'managerApproval',
      }),
    );
  });

  it('refuses a file whose workflow has validation errors, as publishing would', () => {
    const definition = accessApproval();
    const dangling = { ...definition, edges: definition.edges.filter((e) => e.source !== 'request') };
    const result = importDefinition(JSON.stringify(dangling), 'access-approval', catalog);
    expect(result).toMatchObject({ ok: false, summary: expect.stringMatching(/would not publish/) });
    if (result.ok) return;
    expect(result.issues.some((i) => i.where.startsWith('Step “Access requested” (request)'))).toBe(true);
  });

  it('takes a good file under this workflow’s id, and the store replaces the draft as one undoable edit', () => {
    const exported = exportFile({ ...accessApproval(), id: 'elsewhere', name: 'Imported' });
    expect(exported.name).toBe('elsewhere.json');
    const result = importDefinition(exported.text, 'access-approval', catalog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition).toMatchObject({ id: 'access-approval', name: 'Imported' });
    expect(result.notes[0]).toMatch(/exported from “elsewhere”/);

    const store = createEditorStore(accessApproval());
    store.getState().dispatch('rename', { nodeId: 'granted', name: 'Done' });
    const before = store.getState().doc.definition;
    store.getState().dispatch('replaceDefinition', { definition: result.definition });
    expect(store.getState().doc.definition.name).toBe('Imported');
    store.getState().undo();
    expect(store.getState().doc.definition).toBe(before);
  });

  it('reads issues about a document that is not an object at all without failing', () => {
    const issues = readableIssues(
      [{ severity: 'error', path: ['nodes'], message: 'nodes: Expected array' }],
      'nonsense',
    );
    expect(issues).toEqual([{ where: 'The workflow › Nodes', message: 'Expected array', severity: 'error' }]);
  });
});

describe('the version diff in words', () => {
  it('lists the changed node with its changed fields, and sums the diff up', () => {
    let doc = createDocument(accessApproval());
    const step = (r: ReturnType<typeof perform>) => {
      if (!r.ok) throw new Error(r.error);
      doc = r.value;
    };
    step(perform(doc, 'setField', { nodeId: 'securityApproval', path: ['policy', 'count'], value: 3 }));
    step(perform(doc, 'remove', { nodes: ['serviceDesk'] }));
    const before = accessApproval();
    const diff = versionDiff(before, doc.definition);
    const rows = diffRows(before, doc.definition, diff);
    expect(rows[0]).toEqual({
      id: 'securityApproval',
      kind: 'node',
      name: 'IT security review',
      status: 'changed',
      fields: ['Policy › Count'],
    });
    expect(rows.find((r) => r.id === 'serviceDesk')).toMatchObject({ status: 'removed', kind: 'node' });
    expect(rows.filter((r) => r.kind === 'edge').every((r) => r.name.includes('→'))).toBe(true);
    expect(diffSummary(diff)).toMatch(/^2 steps: 1 changed, 1 removed; \d connections: \d removed\.$/);
    expect(diffSummary(versionDiff(before, before))).toBe('The two versions are the same.');
  });
});

describe('a stored draft as the editor’s document', () => {
  it('opens work in progress the schema refuses, but not a document without nodes and edges', async () => {
    const { draftDocument } = await import('./draftDocument');
    const definition = accessApproval();
    const unfinished = {
      ...definition,
      nodes: [...definition.nodes, { id: 'review', name: 'Review', kind: 'approval', assignees: [] }],
    };
    const opened = draftDocument(unfinished)!;
    expect(opened.nodes.map((n) => n.id)).toContain('review');
    // The node gets its kind's defaults, so the canvas can draw its exits.
    expect(toFlow(opened).nodes.find((n) => n.id === 'review')?.data).toMatchObject({
      handles: [{ id: 'approved' }, { id: 'rejected' }],
    });
    const plainEdges = { ...unfinished, edges: [{ id: 'e1', source: 'request', target: 'review' }] };
    expect(draftDocument(plainEdges)?.edges).toEqual([
      { id: 'e1', source: 'request', sourceHandle: 'out', target: 'review' },
    ]);
    expect(draftDocument(definition)).toEqual(definition);
    expect(
      draftDocument({ id: 'x', name: 'X', nodes: [{ id: 'a', kind: 'nonsense', name: 'A' }], edges: [] }),
    ).toBe(undefined);
    expect(draftDocument({ id: 'x', name: 'X' })).toBe(undefined);
    expect(draftDocument('text')).toBe(undefined);
  });
});
