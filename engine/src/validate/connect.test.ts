import { describe, expect, it } from 'vitest';
import { WorkflowDefinitionSchema } from '../definition/schema';
import { aWorkflow, n, testCatalog, validDefinition } from '../testing';
import fc from 'fast-check';
import { canConnect } from './connect';
import { validate } from './index';

const flow = () =>
  aWorkflow()
    .nodes(
      n.trigger(),
      n.approval('mgr', { due: { after: 'P1D', onTimeout: { type: 'escalate' } } }),
      n.parallel('split'),
      n.end('ok'),
      n.end('no', 'rejected'),
    )
    .edges('start -> mgr', 'mgr:approved -> ok')
    .build();

const reason = (source: string, sourceHandle: string, target: string) => {
  const result = canConnect(flow(), { source, sourceHandle, target });
  return result.ok ? undefined : result.error;
};

describe('canConnect', () => {
  it('allows an edge from a free exit to a node', () => {
    expect(canConnect(flow(), { source: 'mgr', sourceHandle: 'rejected', target: 'no' }).ok).toBe(true);
    expect(canConnect(flow(), { source: 'mgr', sourceHandle: 'timeout', target: 'no' }).ok).toBe(true);
  });

  it('refuses what validation would refuse, with the reason', () => {
    expect(reason('mgr', 'approved', 'no')).toMatchObject({ code: 'DUPLICATE_HANDLE_EDGE' });
    expect(reason('mgr', 'approved', 'no')!.message).toContain('already has an edge');
    expect(reason('mgr', 'maybe', 'no')).toMatchObject({ code: 'UNKNOWN_HANDLE' });
    expect(reason('mgr', 'maybe', 'no')!.message).toContain('it has: approved, rejected, timeout');
    expect(reason('ok', 'out', 'no')).toMatchObject({ code: 'END_HAS_OUTGOING' });
    expect(reason('mgr', 'rejected', 'start')).toMatchObject({ code: 'TRIGGER_HAS_INCOMING' });
    expect(reason('mgr', 'rejected', 'ghost')).toMatchObject({ code: 'DANGLING_EDGE' });
  });

  it('lets a parallel split take many edges through its one exit', () => {
    const definition = flow();
    const withBranch = {
      ...definition,
      edges: [...definition.edges, { id: 'b1', source: 'split', sourceHandle: 'out', target: 'ok' }],
    };
    expect(canConnect(withBranch, { source: 'split', sourceHandle: 'out', target: 'no' }).ok).toBe(true);
  });

  it('agrees with validate: an allowed edge adds no edge issue, a refused one adds its code', () => {
    const edgeCodes = new Set([
      'DANGLING_EDGE',
      'END_HAS_OUTGOING',
      'UNKNOWN_HANDLE',
      'DUPLICATE_HANDLE_EDGE',
      'TRIGGER_HAS_INCOMING',
    ]);
    fc.assert(
      fc.property(
        validDefinition,
        fc.nat(),
        fc.nat(),
        fc.constantFrom('out', 'error', 'approved', 'rejected', 'default', 'c0'),
        (doc, a, b, handle) => {
          const definition = WorkflowDefinitionSchema.parse(doc);
          const source = definition.nodes[a % definition.nodes.length]!.id;
          const target = definition.nodes[b % definition.nodes.length]!.id;
          const edge = { id: 'probe', source, sourceHandle: handle, target };
          const after = validate({ ...definition, edges: [...definition.edges, edge] }, testCatalog);
          const probeCodes = after
            .filter((i) => i.edgeId === 'probe' && edgeCodes.has(i.code))
            .map((i) => i.code);
          const verdict = canConnect(definition, edge);
          if (verdict.ok) expect(probeCodes).toEqual([]);
          else expect(probeCodes).toContain(verdict.error.code);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('layout', () => {
  it('keeps sticky notes beside positions, and positions as they were', () => {
    const doc = {
      ...aWorkflow().nodes(n.trigger(), n.end('ok')).edges('start -> ok').document(),
      layout: { start: { x: 0, y: 0 }, 'note-1': { x: 10, y: 20, note: 'Ask **legal** first', width: 200 } },
    };
    const parsed = WorkflowDefinitionSchema.parse(doc);
    expect(parsed.layout).toEqual(doc.layout);
    expect(validate(parsed, testCatalog)).toEqual([]);
  });
});
