import { parseDefinition, type WorkflowDefinition } from '@flowline/engine';
import { exampleWorkflows } from '@flowline/examples';
import { describe, expect, it } from 'vitest';
import { toFlow } from './readOnlyFlow';

const accessApproval = (): WorkflowDefinition => {
  const parsed = parseDefinition(exampleWorkflows[0]!.definition);
  if (!parsed.ok) throw new Error('example does not parse');
  return parsed.value;
};

describe('the read-only canvas conversion', () => {
  it('draws every node at its stored position with the exits the engine names', () => {
    const definition = accessApproval();
    const { nodes, edges } = toFlow(definition);
    expect(nodes.map((n) => n.id)).toEqual(definition.nodes.map((n) => n.id));
    const approval = nodes.find((n) => n.id === 'managerApproval')!;
    expect(approval.type).toBe('approval');
    expect(approval.position).toEqual(definition.layout['managerApproval']);
    expect(approval.data.handles.map((h) => h.id)).toEqual(['approved', 'rejected', 'timeout']);
    expect(nodes.find((n) => n.id === 'request')!.data.acceptsInput).toBe(false);
    expect(edges).toHaveLength(definition.edges.length);
    for (const edge of edges) {
      const source = nodes.find((n) => n.id === edge.source)!;
      expect(source.data.handles.map((h) => h.id)).toContain(edge.sourceHandle);
    }
  });

  it('places nodes without a stored position on a grid', () => {
    const definition = { ...accessApproval(), layout: {} };
    const positions = toFlow(definition).nodes.map((n) => n.position);
    expect(new Set(positions.map((p) => `${p.x},${p.y}`)).size).toBe(positions.length);
  });
});
