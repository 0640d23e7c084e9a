import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../catalog';
import { aWorkflow, n, testCatalog } from '../../testing';
import { validate } from '../index';
import type { ValidationIssue } from '../issue';

// Definitions that cannot work must not publish: expressions are checked against the types of
// what they read (form fields, variables, node records, connector results) and of where their
// value goes, and their constant parts are evaluated. Every site kind is covered, typed and dyn.

const catalog: Catalog = {
  connectors: [
    ...testCatalog.connectors,
    {
      id: 'desk',
      title: 'Service desk',
      actions: [
        {
          id: 'openTicket',
          title: 'Open a ticket',
          input: {
            type: 'object',
            properties: { summary: { type: 'string' }, priority: { type: 'integer' } },
            required: ['summary'],
          },
          // As the connector SDK writes output schemas: closed objects.
          output: {
            type: 'object',
            properties: {
              key: { type: 'string' },
              createdAt: { type: 'string', format: 'date-time' },
              watchers: { type: 'array', items: { type: 'string' } },
            },
            required: ['key'],
            additionalProperties: false,
          },
        },
      ],
    },
  ],
};

/** A request form of every field type the checks care about. */
const form = () =>
  aWorkflow()
    .input(
      { key: 'amount', label: 'Amount', type: 'number' },
      { key: 'count', label: 'Count', type: 'integer' },
      { key: 'start', label: 'Start', type: 'date' },
      { key: 'due', label: 'Due', type: 'datetime' },
      { key: 'manager', label: 'Manager', type: 'string' },
      { key: 'urgent', label: 'Urgent', type: 'boolean' },
      { key: 'tags', label: 'Tags', type: 'multiselect', options: [{ value: 'a', label: 'A' }] },
    )
    .variables(
      { name: 'total', type: 'number', initial: 0 },
      { name: 'note', type: 'string' },
      { name: 'anything', type: 'any' },
    );

/** The issues of one decision condition, as [code, severity, message]. */
function conditionIssues(when: string): ValidationIssue[] {
  return validate(
    form()
      .nodes(n.trigger(), n.decision('d', [{ id: 'c', when }]), n.end('x'))
      .edges('start -> d', 'd:c -> x', 'd:default -> x')
      .build(),
    catalog,
  );
}
const summary = (issues: readonly ValidationIssue[]) => issues.map((i) => [i.code, i.severity, i.message]);

describe('decision conditions', () => {
  it('must be true or false: a timestamp or a date field is refused, addressed to the condition', () => {
    expect(conditionIssues('timestamp(input.due)')).toEqual([
      expect.objectContaining({
        code: 'EXPRESSION_TYPE',
        nodeId: 'd',
        path: ['nodes', 1, 'conditions', 0, 'when'],
        message: 'A condition must be true or false, but this one gives a timestamp',
      }),
    ]);
    expect(summary(conditionIssues('input.start'))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'A condition must be true or false, but this one gives a date (text)'],
    ]);
    expect(summary(conditionIssues('input.amount'))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'A condition must be true or false, but this one gives a number'],
    ]);
    expect(summary(conditionIssues('"yes"'))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'A condition must be true or false, but this one gives text'],
    ]);
  });

  it('refuses timestamp() of a date field, which fails on every instance', () => {
    const [found] = conditionIssues('timestamp(input.start) < now');
    expect(found).toMatchObject({ code: 'EXPRESSION_TYPE', range: { start: 0, end: 22 } });
    expect(found!.message).toContain('holds a date only');
  });

  it('accepts conditions of unknown type and plain comparisons', () => {
    for (const when of [
      'input.amount > 1000',
      'input.amount == 1',
      'int(input.count) % 2 == 0',
      'input.urgent',
      'vars.anything',
      'timestamp(input.due) < now',
      'input.manager != null && size(input.tags) > 0',
    ])
      expect(conditionIssues(when), when).toEqual([]);
  });

  it('reports operators that never work on the given types, with the part at fault', () => {
    const [found] = conditionIssues('input.urgent && input.amount + "x" == "y"');
    expect(found).toMatchObject({
      code: 'EXPRESSION_TYPE',
      range: { start: 16, end: 34 },
      message: 'Cannot add a number and text (input.amount + "x")',
    });
    expect(conditionIssues('input.count % 2 == 0')[0]!.message).toContain('use int(…) % n');
  });
});

describe('constant parts that always fail', () => {
  for (const [when, part, reason] of [
    ['input.amount > 1/0', '1/0', 'division by zero'],
    ['input.urgent && int("x") > 2', 'int("x") > 2', 'cannot convert to int'],
    ['input.amount > [1][5]', '[1][5]', 'index out of bounds'],
    ['input.count > 9223372036854775807 + 1', '9223372036854775807 + 1', 'integer overflow'],
    ['now > timestamp("2026-02-30 10:00")', 'timestamp("2026-02-30 10:00")', 'ISO 8601'],
    ['timestamp(input.due) > now + duration("soon")', 'duration("soon")', 'Invalid duration'],
  ] as const) {
    it(`refuses ${part}, addressed to where it is`, () => {
      const issues = conditionIssues(when);
      const start = when.indexOf(part);
      expect(issues).toEqual([
        expect.objectContaining({
          code: 'EXPRESSION_FAILED',
          severity: 'error',
          nodeId: 'd',
          path: ['nodes', 1, 'conditions', 0, 'when'],
          range: { start, end: start + part.length },
        }),
      ]);
      expect(issues[0]!.message).toContain(reason);
    });
  }

  it('leaves alone a failing part that is never evaluated, and constants that work', () => {
    expect(conditionIssues('false && 1/0 == 1')).toEqual([]);
    expect(conditionIssues('input.amount > 2 * 1000 && now > timestamp("2026-01-01T00:00:00Z")')).toEqual([]);
  });
});

describe('every other expression site', () => {
  const build = (...nodes: Parameters<ReturnType<typeof aWorkflow>['nodes']>) =>
    validate(
      form()
        .nodes(n.trigger(), ...nodes, n.end('x'))
        .edges(
          'start -> ' + nodes[0]!.id,
          ...nodes.slice(1).map((node, i) => `${nodes[i]!.id} -> ${node.id}`),
          `${nodes.at(-1)!.id} -> x`,
        )
        .build(),
      catalog,
    );

  it('transform sets: types of reads, and of the declared variable written', () => {
    expect(summary(build(n.transform('t', { note: 'input.amount + "x"' })))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'Cannot add a number and text (input.amount + "x")'],
    ]);
    expect(summary(build(n.transform('t', { total: 'input.manager' })))).toEqual([
      ['VARIABLE_TYPE', 'error', '"t" stores text in "total", which is declared as number'],
    ]);
    // ints, durations and timestamps are stored as numbers and text.
    expect(build(n.transform('t', { total: 'size(input.tags)', note: 'now', anything: '[1]' }))).toEqual([]);
  });

  it('a transform’s results are typed from its own expressions', () => {
    const issues = build(
      n.transform('first', { total: '1' }),
      n.transform('second', { note: 'nodes.first.result.total + "!"' }),
    );
    expect(summary(issues)).toEqual([
      ['EXPRESSION_TYPE', 'error', 'Cannot add a number and text (nodes.first.result.total + "!")'],
    ]);
  });

  it('task input mappings: failing expressions are errors, a type the action does not take a warning', () => {
    expect(
      summary(build(n.task('open', { action: 'desk.openTicket', input: { summary: 'int("x")' } }))),
    ).toEqual([
      ['EXPRESSION_FAILED', 'error', 'int("x") always fails: int() type error: cannot convert to int'],
    ]);
    expect(
      summary(build(n.task('open', { action: 'desk.openTicket', input: { summary: 'input.amount' } }))),
    ).toEqual([
      ['EXPRESSION_TYPE', 'warning', 'desk.openTicket takes text as "summary", but this gives a number'],
    ]);
    // The call's idempotency key is text, typed like the rest of the scope.
    expect(
      build(n.task('open', { action: 'desk.openTicket', input: { summary: '"key " + job.idempotencyKey' } })),
    ).toEqual([]);
    expect(
      summary(
        build(n.task('open', { action: 'desk.openTicket', input: { summary: 'job.idempotencyKey * 2' } })),
      ),
    ).toEqual([
      ['EXPRESSION_TYPE', 'error', 'Cannot multiply text and a whole number (job.idempotencyKey * 2)'],
    ]);
  });

  it('task output mappings: results typed from the catalog, closed schemas name missing fields', () => {
    const task = (output: Record<string, string>) =>
      n.task('open', { action: 'desk.openTicket', input: { summary: '"x"' }, output });
    expect(build(task({ note: 'result.key', anything: 'result.watchers.map(w, w.upperAscii())' }))).toEqual(
      [],
    );
    expect(summary(build(task({ note: 'result.kye' })))).toEqual([
      ['UNKNOWN_FIELD', 'error', 'The result of desk.openTicket has no field "kye"; did you mean "key"?'],
    ]);
    expect(summary(build(task({ total: 'result.key' })))).toEqual([
      ['VARIABLE_TYPE', 'error', '"open" stores text in "total", which is declared as number'],
    ]);
    // An open schema (no additionalProperties: false) may carry more: a warning, not an error.
    const open = n.task('make', {
      action: 'test.createTicket',
      input: { title: '"x"' },
      output: { note: 'result.idd' },
    });
    expect(summary(build(open))).toEqual([
      [
        'UNKNOWN_FIELD',
        'warning',
        '"idd" is not among the declared fields of the result of test.createTicket, so it may be missing; did you mean "id"?',
      ],
    ]);
  });

  it('subworkflow mappings: input in step scope, output over the child’s outcome and untyped output', () => {
    const sub = (input: Record<string, string>, output: Record<string, string>) =>
      build(n.sub('child', 'child-flow', { input, output }));
    expect(
      sub({ amount: 'input.amount * 2' }, { anything: 'result.output.deep.value', note: 'result.outcome' }),
    ).toEqual([]);
    expect(summary(sub({ when: 'now - input.due' }, {}))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'Cannot subtract a timestamp and text (now - input.due)'],
    ]);
    expect(summary(sub({}, { note: 'result.outcom' }))).toEqual([
      ['UNKNOWN_FIELD', 'error', 'The subworkflow result has no field "outcom"; did you mean "outcome"?'],
    ]);
  });

  it('node records: known shapes per kind, and nodes that keep none', () => {
    const approval = n.approval('mgr', {
      due: { after: 'P1D', onTimeout: { type: 'outcome', outcome: 'rejected' } },
    });
    const withApproval = (set: Record<string, string>) =>
      validate(
        form()
          .nodes(n.trigger(), approval, n.transform('t', set), n.end('x'))
          .edges('start -> mgr', 'mgr:approved -> t', 'mgr:rejected -> t', 't -> x')
          .build(),
        catalog,
      );
    expect(withApproval({ note: 'nodes.mgr.decisions[0].by + nodes.mgr.outcome' })).toEqual([]);
    expect(summary(withApproval({ note: 'nodes.mgr.outcom' }))).toEqual([
      ['UNKNOWN_FIELD', 'error', 'The record of "mgr" has no field "outcom"; did you mean "outcome"?'],
    ]);
    expect(summary(withApproval({ anything: 'nodes.start' }))).toEqual([
      ['UNKNOWN_FIELD', 'error', '"start" (a trigger) keeps no result, so nodes.start never exists'],
    ]);
  });

  it('approver expressions must give user ids', () => {
    const approver = (expression: string) =>
      validate(
        form()
          .nodes(
            n.trigger(),
            n.approval('mgr', { assignees: [{ type: 'expression', expression }] }),
            n.end('x'),
          )
          .edges('start -> mgr', 'mgr:approved -> x', 'mgr:rejected -> x')
          .build(),
        catalog,
      ).filter((i) => i.code !== 'APPROVAL_WITHOUT_DUE');
    expect(approver('input.manager')).toEqual([]);
    expect(approver('input.tags')).toEqual([]);
    expect(approver('vars.anything')).toEqual([]);
    expect(summary(approver('input.amount'))).toEqual([
      [
        'EXPRESSION_TYPE',
        'error',
        'An approver expression must give a user id or a list of them, but this gives a number',
      ],
    ]);
  });

  it('task details may show any value: a number is not taken for an approver', () => {
    const detail = (expression: string) =>
      validate(
        form()
          .nodes(n.trigger(), n.manualTask('count', { details: { Amount: expression } }), n.end('x'))
          .edges('start -> count', 'count:done -> x')
          .build(),
        catalog,
      );
    expect(detail('input.amount')).toEqual([]);
    expect(detail('input.urgent')).toEqual([]);
  });

  it('wait until must give a time, and a correlation key text or a number', () => {
    const until = (expression: string) => build(n.wait('w', { type: 'until', until: expression }));
    expect(until('now + duration("24h")')).toEqual([]);
    expect(until('input.due')).toEqual([]);
    expect(summary(until('input.amount'))).toEqual([
      [
        'EXPRESSION_TYPE',
        'error',
        'A wait until needs a timestamp (or date-and-time text), but this gives a number',
      ],
    ]);
    expect(summary(until('now + duration("a while")'))[0]![0]).toBe('EXPRESSION_FAILED');
    const key = (correlationKey: string) =>
      build(n.wait('w', { type: 'event', event: 'ticket.closed', correlationKey }));
    expect(key('input.manager')).toEqual([]);
    expect(key('input.amount')).toEqual([]);
    expect(summary(key('input.tags'))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'A correlation key must be text or a number, but this gives a list'],
    ]);
  });

  it('wait event output mappings read an untyped payload but write typed variables', () => {
    const wait = (output: Record<string, string>) =>
      build(n.wait('w', { type: 'event', event: 'ticket.closed', correlationKey: 'input.manager', output }));
    expect(wait({ total: 'event.anything.at.all' })).toEqual([]);
    expect(summary(wait({ total: '"closed"' }))).toEqual([
      ['VARIABLE_TYPE', 'error', '"w" stores text in "total", which is declared as number'],
    ]);
  });

  it('end outputs', () => {
    const ended = (output: Record<string, string>) =>
      validate(
        form()
          .nodes(n.trigger(), n.end('x', 'completed', output))
          .edges('start -> x')
          .build(),
        catalog,
      );
    expect(ended({ parity: 'int(input.count) % 2', when: 'timestamp(input.due) + duration("1h")' })).toEqual(
      [],
    );
    expect(summary(ended({ when: 'string(now)' }))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'string() cannot take a timestamp (string(now))'],
    ]);
  });

  it('trigger input mappings fill the form with values of its types', () => {
    const webhook = (input: Record<string, string>) =>
      validate(
        form()
          .nodes(
            { id: 'start', name: 'Hook', kind: 'trigger', trigger: { type: 'webhook', input } },
            n.end('x'),
          )
          .edges('start -> x')
          .build(),
        catalog,
        // An unsigned webhook is also warned about (UNSIGNED_WEBHOOK); not what this test is about.
      ).filter((i) => i.code !== 'UNUSED_VARIABLE' && i.code !== 'UNSIGNED_WEBHOOK');
    expect(webhook({ amount: 'body.amount', manager: 'headers["x-user"]' })).toEqual([]);
    expect(summary(webhook({ amount: '"lots"' }))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'The form field "amount" is number, but this gives text'],
    ]);
    expect(summary(webhook({ amout: 'body.amount' }))).toEqual([
      ['UNKNOWN_FIELD', 'error', 'The request form has no field "amout", so every start would be refused'],
    ]);
    const cron = (input: Record<string, string>) =>
      validate(
        form()
          .nodes(
            {
              id: 'start',
              name: 'Nightly',
              kind: 'trigger',
              trigger: { type: 'cron', schedule: '0 2 * * *', input },
            },
            n.end('x'),
          )
          .edges('start -> x')
          .build(),
        catalog,
      );
    expect(cron({ due: 'scheduledAt' })).toEqual([]);
    expect(summary(cron({ amount: 'scheduledAt' }))).toEqual([
      ['EXPRESSION_TYPE', 'error', 'The form field "amount" is number, but this gives a timestamp'],
    ]);
  });

  it('variables start with a value of their declared type', () => {
    const issues = validate(
      aWorkflow()
        .variables(
          { name: 'total', type: 'number', initial: '0' },
          { name: 'ok', type: 'boolean', initial: true },
        )
        .nodes(n.trigger(), n.end('x'))
        .edges('start -> x')
        .build(),
      catalog,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'VARIABLE_TYPE',
        path: ['variables', 0, 'initial'],
        message: '"total" is declared as number, but its initial value "0" is not',
      }),
    ]);
  });
});
