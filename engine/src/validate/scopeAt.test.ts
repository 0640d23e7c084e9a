import { describe, expect, it } from 'vitest';
import { describeType } from '../expression/celTypes';
import { aWorkflow, n, testCatalog } from '../testing';
import { expressionScopeAt } from './scopeAt';

const definition = () =>
  aWorkflow()
    .input({ key: 'amount', label: 'Amount', type: 'number' }, { key: 'who', label: 'Who', type: 'string' })
    .variables({ name: 'ticket', type: 'string' })
    .nodes(
      n.trigger(),
      n.task('create', {
        action: 'test.createTicket',
        input: { title: 'input.who', priority: '"3"' },
        output: { ticket: 'result.id' },
      }),
      n.approval('mgr', { due: { after: 'P1D', onTimeout: { type: 'outcome', outcome: 'rejected' } } }),
      n.end('ok', 'completed', { id: 'nodes.create.result.id' }),
      n.end('no', 'rejected'),
    )
    .edges('start -> create', 'create -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> no')
    .build();

describe('expressionScopeAt', () => {
  it('gives the form, the variables, upstream nodes and now, with their types', () => {
    const scope = expressionScopeAt(definition(), testCatalog, 'ok', ['nodes', 3, 'output', 'id']);
    expect(scope.scope).toBe('step');
    expect(Object.keys(scope.roots).sort()).toEqual(['input', 'nodes', 'now', 'vars']);
    const input = scope.roots['input']!;
    expect(input.kind === 'object' && input.names()).toEqual(['amount', 'who']);
    expect(input.kind === 'object' && describeType(input.field('amount')!)).toBe('a number');
    const nodes = scope.roots['nodes']!;
    expect(nodes.kind === 'object' && [...nodes.names()].sort()).toEqual(['create', 'mgr']);
    const create = nodes.kind === 'object' ? nodes.field('create') : undefined;
    const result = create?.kind === 'object' ? create.field('result') : undefined;
    expect(result?.kind === 'object' && result.names()).toEqual(['id']);
  });

  it('leaves out nodes that do not run before the place', () => {
    const scope = expressionScopeAt(definition(), testCatalog, 'create', ['nodes', 1, 'input', 'title']);
    expect(scope.scope).toBe('taskInput');
    const nodes = scope.roots['nodes']!;
    expect(nodes.kind === 'object' && nodes.names()).toEqual([]);
    expect(nodes.kind === 'object' && nodes.field('mgr')).toBeUndefined();
    expect(Object.keys(scope.roots)).toContain('job');
  });

  it('adds result in an output mapping, and the step scope where no expression is yet', () => {
    expect(
      Object.keys(
        expressionScopeAt(definition(), testCatalog, 'create', ['nodes', 1, 'output', 'ticket']).roots,
      ),
    ).toContain('result');
    expect(expressionScopeAt(definition(), testCatalog, 'mgr').scope).toBe('step');
    // A mapping key not written yet has the scope it will have.
    expect(expressionScopeAt(definition(), testCatalog, 'create', ['nodes', 1, 'input', 'other']).scope).toBe(
      'taskInput',
    );
    expect(
      expressionScopeAt(definition(), testCatalog, 'create', ['nodes', 1, 'output', 'other']).scope,
    ).toBe('result');
  });
});
