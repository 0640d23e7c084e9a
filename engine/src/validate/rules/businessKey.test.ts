import { describe, expect, it } from 'vitest';
import { aWorkflow, n, testCatalog } from '../../testing';
import { validate } from '../index';

const withKey = (expression: string) =>
  aWorkflow()
    .input(
      { key: 'ticket', label: 'Ticket', type: 'text' },
      { key: 'amount', label: 'Amount', type: 'number' },
    )
    .businessKey(expression)
    .nodes(n.trigger(), n.end('done'))
    .edges('start -> done');

const issuesOf = (expression: string) => validate(withKey(expression).build(), testCatalog);

describe('the business key rule', () => {
  it('accepts an expression over the request form that gives text', () => {
    expect(issuesOf('input.ticket')).toEqual([]);
    expect(issuesOf('"REQ-" + string(input.amount)')).toEqual([]);
  });

  it('refuses an expression that gives something other than text, on the workflow, not a node', () => {
    const [problem, ...rest] = issuesOf('input.amount');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'EXPRESSION_TYPE', severity: 'error', path: ['businessKey'] });
    expect(problem).not.toHaveProperty('nodeId');
    expect(problem!.message).toContain('must give text');
  });

  it('names a form field that does not exist', () => {
    expect(issuesOf('input.employee')).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FIELD', path: ['businessKey'], range: { start: 0, end: 14 } }),
    ]);
  });

  it('reads only the start input: no variables, node results or clock', () => {
    for (const source of ['vars.x', 'nodes.start', 'string(now)'])
      expect(issuesOf(source).map((i) => [i.code, i.path])).toEqual([
        ['EXPRESSION_UNKNOWN_NAME', ['businessKey']],
      ]);
  });

  it('reports a syntax error with its place', () => {
    expect(issuesOf('input.ticket +')).toEqual([
      expect.objectContaining({ code: 'EXPRESSION_SYNTAX', path: ['businessKey'] }),
    ]);
  });
});
