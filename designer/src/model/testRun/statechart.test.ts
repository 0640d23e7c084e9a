import { describe, expect, it } from 'vitest';
import { WorkflowDefinitionSchema } from '@flowline/engine';
import { shapeToDefinition, testCatalog } from '@flowline/engine/testing';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import {
  compiledStatechart,
  describeRef,
  filterStates,
  statechartFile,
  statechartOf,
  type StateView,
} from './statechart';

function chartOf(definition = accessApproval(), catalog = fixtureCatalog) {
  const result = compiledStatechart(definition, catalog);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.chart;
}

const find = (states: readonly StateView[], id: string): StateView | undefined => {
  for (const state of states) {
    if (state.id === id) return state;
    const inner = find(state.children, id);
    if (inner) return inner;
  }
  return undefined;
};

describe('the compiled statechart', () => {
  it('lists the states of the access-approval example with their events, targets, guards and actions', () => {
    const chart = chartOf();
    expect(chart.id).toBe('workflow');
    expect(chart.initial).toBe('request');
    expect(chart.states.map((s) => s.id)).toEqual([
      'request',
      'managerApproval',
      'privileged',
      'securityApproval',
      'serviceDesk',
      'granted',
      'refused',
      '__failed',
      '__cancelled',
    ]);
    const manager = find(chart.states, 'managerApproval')!;
    expect(manager.type).toBe('atomic');
    expect(manager.entry).toEqual(['enterApproval(managerApproval)']);
    expect(manager.transitions).toContainEqual({
      event: 'task.decided',
      target: 'refused',
      guard: 'approvalSettles(managerApproval, rejected)',
      actions: ['settleApproval(managerApproval, rejected)'],
      reenter: true,
    });
    expect(manager.transitions).toContainEqual(
      expect.objectContaining({
        event: 'timer.fired',
        target: 'serviceDesk',
        guard: 'isTimer(managerApproval, due)',
      }),
    );
    const decision = find(chart.states, 'privileged')!;
    expect(decision.transitions.filter((t) => t.event === 'always').map((t) => t.target)).toEqual([
      'securityApproval',
      '__failed',
      'granted',
    ]);
    expect(find(chart.states, 'granted')!.type).toBe('final');
    expect(chart.transitions.map((t) => t.event)).toEqual([
      'instance.cancel',
      'instance.withdraw',
      'instance.fail',
    ]);
    expect(chart.counts.states).toBe(9);
  });

  it('nests the branches of a parallel split', () => {
    const definition = WorkflowDefinitionSchema.parse(
      shapeToDefinition([
        {
          kind: 'parallel',
          join: 'all',
          branches: [[{ kind: 'task', retries: 1 }], [{ kind: 'transform' }]],
        },
      ]),
    );
    const chart = chartOf(definition, testCatalog);
    const split = chart.states.find((s) => s.type === 'parallel');
    expect(split).toBeDefined();
    expect(split!.children.length).toBe(2);
    expect(split!.children.every((region) => region.type === 'compound' && region.initial)).toBe(true);
    expect(split!.children.flatMap((region) => region.children).some((s) => s.type === 'final')).toBe(true);
  });

  it('exports plain JSON of the machine config, without its functions', () => {
    const chart = chartOf();
    const file = statechartFile(chart, 'access-approval');
    expect(file.name).toBe('access-approval.statechart.json');
    const parsed = JSON.parse(file.text) as Record<string, unknown>;
    expect(parsed['id']).toBe('workflow');
    expect(parsed['context']).toBeUndefined();
    expect(Object.keys(parsed['states'] as object)).toContain('managerApproval');
  });

  it('reads delayed transitions and plain string targets too', () => {
    const chart = statechartOf({
      id: 'm',
      states: { a: { after: { 5000: 'b' }, on: { go: 'b' } }, b: { type: 'final' } },
    });
    expect(chart.states[0]!.transitions).toEqual([
      { event: 'go', target: 'b', actions: [], reenter: false },
      { event: 'after 5000 ms', target: 'b', actions: [], reenter: false },
    ]);
    expect(chart.states[0]!.id).toBe('a');
    expect(describeRef({ type: 'x', params: { n: 1 } })).toBe('x(1)');
  });

  it('searches states by name, event, target and guard, keeping ancestors', () => {
    const chart = chartOf();
    expect(filterStates(chart.states, '').length).toBe(chart.states.length);
    expect(filterStates(chart.states, 'SERVICEDESK').map((s) => s.id)).toEqual([
      'managerApproval',
      'serviceDesk',
    ]);
    expect(filterStates(chart.states, 'quorum')).toEqual([]);
    const definition = WorkflowDefinitionSchema.parse(
      shapeToDefinition([
        {
          kind: 'parallel',
          join: 'all',
          branches: [[{ kind: 'task', retries: 1 }], [{ kind: 'transform' }]],
        },
      ]),
    );
    const nested = chartOf(definition, testCatalog);
    const leaf = nested.states
      .flatMap((s) => s.children)
      .flatMap((s) => s.children)
      .find((s) => s.type === 'atomic')!;
    const found = filterStates(nested.states, leaf.id);
    expect(found.length).toBe(1);
    expect(found[0]!.type).toBe('parallel');
    expect(find(found, leaf.id)).toBeDefined();
  });

  it('is refused, with the problems, when the definition has errors', () => {
    const broken = compiledStatechart(
      { ...accessApproval(), edges: accessApproval().edges.slice(1) },
      fixtureCatalog,
    );
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems.map((p) => p.code)).toContain('UNREACHABLE_NODE');
  });
});
