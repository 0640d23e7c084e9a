import { describe, expect, it } from 'vitest';
import { aWorkflow, n, testCatalog } from '../testing';
import { validate, validateDocument } from './index';

const codes = (builder: ReturnType<typeof aWorkflow>) =>
  validate(builder.build(), testCatalog).map((i) => i.code);
const issuesOf = (builder: ReturnType<typeof aWorkflow>) => validate(builder.build(), testCatalog);

const base = () =>
  aWorkflow()
    .input({ key: 'amount', label: 'Amount', type: 'number' })
    .nodes(
      n.trigger(),
      n.approval('mgr', { due: { after: 'P1D', onTimeout: { type: 'outcome', outcome: 'rejected' } } }),
      n.end('ok'),
      n.end('no', 'rejected'),
    )
    .edges('start -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> no');

describe('validate', () => {
  it('accepts a sound workflow without issues', () => {
    expect(issuesOf(base())).toEqual([]);
  });

  it('reports schema problems addressed to the node they are in', () => {
    const doc = base().document();
    (doc.nodes[1] as { assignees: unknown[] }).assignees = [];
    const issues = validateDocument(doc, testCatalog);
    expect(issues[0]).toMatchObject({
      code: 'INVALID_DEFINITION',
      nodeId: 'mgr',
      path: ['nodes', 1, 'assignees'],
    });
    expect(issues[0]!.message).toContain('Name at least one approver');
  });

  it('requires exactly one trigger', () => {
    expect(codes(aWorkflow().nodes(n.end('x')))).toContain('MISSING_TRIGGER');
    expect(codes(base().nodes(n.trigger('again')).edges('again -> ok'))).toContain('MULTIPLE_TRIGGERS');
  });

  it('finds unreachable nodes and nodes that lead nowhere', () => {
    const issues = issuesOf(base().nodes(n.task('orphan')));
    expect(
      issues
        .filter((i) => i.nodeId === 'orphan')
        .map((i) => i.code)
        .sort(),
    ).toEqual(['NO_WAY_OUT', 'UNREACHABLE_NODE']);
  });

  it('requires a default edge on a decision', () => {
    const issues = issuesOf(
      aWorkflow()
        .input({ key: 'amount', label: 'Amount', type: 'number' })
        .nodes(n.trigger(), n.decision('d', [{ id: 'big', when: 'input.amount > 5' }]), n.end('ok'))
        .edges('start -> d', 'd:big -> ok'),
    );
    expect(issues).toEqual([expect.objectContaining({ code: 'DECISION_WITHOUT_DEFAULT', nodeId: 'd' })]);
  });

  it('requires an edge for every approval outcome and for escalation', () => {
    const issues = issuesOf(
      aWorkflow()
        .nodes(
          n.trigger(),
          n.approval('mgr', { due: { after: 'P1D', onTimeout: { type: 'escalate' } } }),
          n.end('ok'),
        )
        .edges('start -> mgr', 'mgr:approved -> ok'),
    );
    expect(issues.map((i) => i.code).sort()).toEqual([
      'APPROVAL_OUTCOME_WITHOUT_EDGE',
      'APPROVAL_TIMEOUT_WITHOUT_EDGE',
    ]);
  });

  it('warns about an approval without a due date', () => {
    const issues = issuesOf(
      aWorkflow()
        .nodes(n.trigger(), n.approval('mgr'), n.end('ok'))
        .edges('start -> mgr', 'mgr:approved -> ok', 'mgr:rejected -> ok'),
    );
    expect(issues).toEqual([
      expect.objectContaining({ code: 'APPROVAL_WITHOUT_DUE', severity: 'warning', nodeId: 'mgr' }),
    ]);
  });

  it('matches joins to splits', () => {
    const noJoin = aWorkflow()
      .nodes(n.trigger(), n.parallel('p'), n.task('a'), n.task('b'), n.end('x'), n.end('y'))
      .edges('start -> p', 'p -> a', 'p -> b', 'a -> x', 'b -> y');
    expect(codes(noJoin)).toContain('SPLIT_WITHOUT_JOIN');
    const twoJoins = aWorkflow()
      .nodes(n.trigger(), n.parallel('p'), n.task('a'), n.task('b'), n.join('j1'), n.join('j2'), n.end('x'))
      .edges('start -> p', 'p -> a', 'p -> b', 'a -> j1', 'b -> j2', 'j1 -> x', 'j2 -> x');
    expect(codes(twoJoins)).toContain('JOIN_MISMATCH');
    const loneJoin = aWorkflow().nodes(n.trigger(), n.join('j'), n.end('x')).edges('start -> j', 'j -> x');
    expect(codes(loneJoin)).toContain('JOIN_WITHOUT_SPLIT');
    const tooMany = aWorkflow()
      .nodes(
        n.trigger(),
        n.parallel('p'),
        n.task('a'),
        n.task('b'),
        n.join('j', { type: 'nOfM', n: 3 }),
        n.end('x'),
      )
      .edges('start -> p', 'p -> a', 'p -> b', 'a -> j', 'b -> j', 'j -> x');
    expect(codes(tooMany)).toEqual(['JOIN_N_TOO_LARGE']);
  });

  it('refuses a branch that escapes its split', () => {
    const escape = aWorkflow()
      .nodes(
        n.trigger(),
        n.task('before'),
        n.parallel('p'),
        n.approval('a', {
          outcomes: [
            { id: 'approved', label: 'ok' },
            { id: 'rejected', label: 'no' },
          ],
        }),
        n.task('b'),
        n.join('j'),
        n.end('x'),
      )
      .edges(
        'start -> before',
        'before -> p',
        'p -> a',
        'p -> b',
        'a:approved -> j',
        'a:rejected -> before',
        'b -> j',
        'j -> x',
      );
    expect(codes(escape)).toContain('BRANCH_LEAVES_SPLIT');
  });

  it('refuses a loop that never waits', () => {
    const spin = aWorkflow()
      .input({ key: 'amount', label: 'Amount', type: 'number' })
      .nodes(
        n.trigger(),
        n.task('t'),
        n.decision('again', [{ id: 'yes', when: 'input.amount > 1' }]),
        n.end('x'),
      )
      .edges('start -> t', 't -> again', 'again:yes -> t', 'again:default -> x');
    expect(issuesOf(spin)).toEqual([expect.objectContaining({ code: 'CYCLE_WITHOUT_WAIT' })]);
    const patient = aWorkflow()
      .input({ key: 'amount', label: 'Amount', type: 'number' })
      .nodes(
        n.trigger(),
        n.task('t'),
        n.decision('again', [{ id: 'yes', when: 'input.amount > 1' }]),
        n.wait('w', { type: 'duration', duration: 'PT5M' }),
        n.end('x'),
      )
      .edges('start -> t', 't -> again', 'again:yes -> w', 'w -> t', 'again:default -> x');
    expect(issuesOf(patient)).toEqual([]);
  });

  it('checks expressions: syntax, names, fields, variables and upstream nodes', () => {
    const issues = issuesOf(
      aWorkflow()
        .input({ key: 'amount', label: 'Amount', type: 'number' })
        .nodes(
          n.trigger(),
          n.decision('d', [
            { id: 'a', when: 'input.amount >' },
            { id: 'b', when: 'input.amuont > 5' },
            { id: 'c', when: 'vars.nope == 1' },
            { id: 'e', when: 'nodes.later.result == 1' },
            { id: 'f', when: 'secret.key == 1' },
            { id: 'g', when: '"text"' },
          ]),
          n.task('later'),
          n.end('x'),
        )
        .edges(
          'start -> d',
          'd:a -> x',
          'd:b -> x',
          'd:c -> x',
          'd:e -> later',
          'd:f -> x',
          'd:g -> x',
          'd:default -> x',
          'later -> x',
        ),
    );
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['EXPRESSION_SYNTAX', 'nodes.1.conditions.0.when'],
      ['UNKNOWN_FIELD', 'nodes.1.conditions.1.when'],
      ['UNKNOWN_VARIABLE', 'nodes.1.conditions.2.when'],
      ['NODE_NOT_UPSTREAM', 'nodes.1.conditions.3.when'],
      ['EXPRESSION_UNKNOWN_NAME', 'nodes.1.conditions.4.when'],
      ['EXPRESSION_TYPE', 'nodes.1.conditions.5.when'],
    ]);
    expect(issues.every((i) => i.nodeId === 'd')).toBe(true);
    expect(issues[1]!.message).toContain('no field "amuont"');
  });

  it('checks task actions and their mapping against the catalog', () => {
    const issues = issuesOf(
      aWorkflow()
        .variables('ticket')
        .nodes(
          n.trigger(),
          n.task('a', { action: 'test.createTicket', input: { titel: '"x"' } }),
          n.task('b', { action: 'nope.missing' }),
          n.task('c', { action: 'test.noop', output: { undeclared: 'result' } }),
          n.end('x'),
        )
        .edges('start -> a', 'a -> b', 'b -> c', 'c -> x'),
    );
    expect(issues.map((i) => [i.code, i.nodeId])).toEqual([
      ['MAPPING_UNKNOWN_FIELD', 'a'],
      ['MAPPING_MISSING_REQUIRED', 'a'],
      ['UNKNOWN_ACTION', 'b'],
      ['UNKNOWN_VARIABLE', 'c'],
    ]);
  });

  it('finds duplicate ids, dangling edges and unknown handles', () => {
    const doc = base().document();
    doc.nodes.push({ id: 'ok', name: 'Again', kind: 'end' });
    doc.edges!.push({ id: 'e1', source: 'mgr', target: 'ghost', sourceHandle: 'approved' });
    doc.edges!.push({ id: 'e9', source: 'mgr', target: 'ok', sourceHandle: 'maybe' });
    doc.edges!.push({ id: 'e10', source: 'ok', target: 'no' });
    const found = validateDocument(doc, testCatalog).map((i) => i.code);
    expect(found).toEqual(
      expect.arrayContaining([
        'DUPLICATE_NODE_ID',
        'DUPLICATE_EDGE_ID',
        'DANGLING_EDGE',
        'UNKNOWN_HANDLE',
        'END_HAS_OUTGOING',
      ]),
    );
  });

  it('refuses two edges from one exit', () => {
    expect(codes(base().edges('mgr:approved -> no'))).toContain('DUPLICATE_HANDLE_EDGE');
  });

  it('checks cron schedules and time zones', () => {
    const cron = (schedule: string, timezone: string) =>
      aWorkflow()
        .nodes(
          { id: 'start', name: 'Nightly', kind: 'trigger', trigger: { type: 'cron', schedule, timezone } },
          n.end('x'),
        )
        .edges('start -> x');
    expect(codes(cron('0 2 * * MON-FRI', 'Europe/Berlin'))).toEqual([]);
    expect(codes(cron('61 2 * * *', 'Europe/Berlin'))).toEqual(['INVALID_CRON']);
    expect(codes(cron('0 2 * *', 'Mars/Olympus'))).toEqual(['INVALID_CRON', 'INVALID_TIMEZONE']);
  });

  it('warns that an unsigned webhook trigger is a public start endpoint, and accepts a signed one', () => {
    const webhook = (trigger: Record<string, unknown>) =>
      aWorkflow()
        .nodes(
          { id: 'start', name: 'From the ITSM', kind: 'trigger', trigger: { type: 'webhook', ...trigger } },
          n.end('x'),
        )
        .edges('start -> x');
    for (const unsigned of [{}, { signature: { scheme: 'none' } }]) {
      expect(issuesOf(webhook(unsigned))).toEqual([
        expect.objectContaining({
          code: 'UNSIGNED_WEBHOOK',
          severity: 'warning',
          nodeId: 'start',
          path: ['nodes', 0, 'trigger', 'signature'],
        }),
      ]);
    }
    expect(issuesOf(webhook({ signature: { scheme: 'standard-webhooks', secretName: 'itsm' } }))).toEqual([]);
  });

  it('refuses an impossible quorum', () => {
    const issues = issuesOf(
      aWorkflow()
        .nodes(
          n.trigger(),
          n.approval('cab', {
            policy: { type: 'quorum', count: 3 },
            assignees: [
              { type: 'user', id: 'a' },
              { type: 'user', id: 'b' },
            ],
            due: { after: 'P1D', onTimeout: { type: 'escalate' } },
          }),
          n.end('ok'),
        )
        .edges('start -> cab', 'cab:approved -> ok', 'cab:rejected -> ok', 'cab:timeout -> ok'),
    );
    expect(issues.map((i) => i.code)).toEqual(['QUORUM_TOO_LARGE']);
  });
});
