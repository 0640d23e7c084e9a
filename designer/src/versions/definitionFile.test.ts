import { describe, expect, it } from 'vitest';
import { perform, createDocument, toFlow, versionDiff } from '../model';
import { accessApproval } from '../model/testing/fixtures';
import { readableIssues } from './definitionFile';
import { diffRows, diffSummary } from './diffRows';

describe('a file’s issues in words', () => {
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
