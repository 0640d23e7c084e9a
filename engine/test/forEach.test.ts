import { describe, expect, it } from 'vitest';
import { handlesOf } from '../src/definition/handles';
import { NODE_KINDS, NodeSchema } from '../src/definition/nodeSchema';
import { runToEnd } from '../src/simulate';
import { awaitsChild, childrenAskedFor } from '../src/compile/children';
import { parseDefinition, validate } from '../src/validate';
import { expressionScopeAt } from '../src/validate/scopeAt';
import { aWorkflow, n, testCatalog } from '../src/testing';
import { drive, machineOf } from './harness';

type ForEachExtra = Parameters<typeof n.forEach>[2];

const groupsField = {
  key: 'groups',
  label: 'Groups',
  type: 'multiselect' as const,
  options: ['sales', 'vpn', 'wiki'].map((g) => ({ value: g, label: g })),
};

/** Add the user to each of the groups, then note how many were added. */
function groupsFlow(extra: ForEachExtra = {}, withErrorEdge = true) {
  return aWorkflow()
    .input(groupsField)
    .variables('added')
    .nodes(
      n.trigger(),
      n.forEach('each', 'input.groups', { output: { added: 'result.results.size()' }, ...extra }),
      n.end('ok'),
      ...(withErrorEdge ? [n.end('bad', 'failed')] : []),
    )
    .edges('start -> each', 'each -> ok', ...(withErrorEdge ? ['each:error -> bad'] : []))
    .build();
}

const done = (jobKey: string, output: unknown = { ok: true }) => ({
  type: 'job.done' as const,
  jobKey,
  output: output as never,
  at: 2_000,
});
const failed = (jobKey: string, retryable = false) => ({
  type: 'job.failed' as const,
  jobKey,
  error: { code: 'DOWN', message: 'the directory is down', retryable },
  at: 2_000,
});

describe('for-each node', () => {
  it('is a node kind with a palette title, an out handle and an optional error handle', () => {
    expect(NODE_KINDS).toContain('forEach');
    const schema = NodeSchema.options.find((o) => o.shape.kind.value === 'forEach')!;
    expect(schema.meta()).toMatchObject({ title: 'For each' });
    const parsed = parseDefinition(aWorkflow().nodes(n.trigger(), n.forEach('each', '[1]')).document());
    if (!parsed.ok) throw new Error('expected to parse');
    expect(parsed.value.nodes[1]).toMatchObject({ mode: 'sequential', maxItems: 100, onItemError: 'fail' });
    expect(handlesOf(parsed.value.nodes[1]!)).toEqual({
      required: ['out'],
      optional: ['error'],
      many: false,
    });
  });

  it('runs items one after another in sequence, with keys per instance, node, item and attempt', () => {
    const run = drive(groupsFlow(), { groups: ['sales', 'vpn', 'wiki'] });
    expect(run.commandsOf('job.start')).toEqual([
      expect.objectContaining({
        jobKey: 'each#1-0#1',
        idempotencyKey: 'each#1-0',
        input: { value: 'sales' },
      }),
    ]);
    run.send(done('each#1-0#1', { group: 'sales' }));
    expect(run.command('job.start')).toMatchObject({ jobKey: 'each#1-1#1', input: { value: 'vpn' } });
    run.send(done('each#1-1#1', { group: 'vpn' }));
    run.send(done('each#1-2#1', { group: 'wiki' }));
    expect(run.done).toBe(true);
    expect(run.context.vars['added']).toBe(3);
    expect(run.context.nodes['each']).toEqual({
      results: [
        { index: 0, ok: true, result: { group: 'sales' } },
        { index: 1, ok: true, result: { group: 'vpn' } },
        { index: 2, ok: true, result: { group: 'wiki' } },
      ],
      failed: 0,
    });
  });

  it('runs at most `concurrency` items at once in parallel, and collects results in item order', () => {
    const run = drive(groupsFlow({ mode: 'parallel', concurrency: 2 }), { groups: ['a', 'b', 'c', 'd'] });
    expect(run.commandsOf('job.start').map((c) => c.jobKey)).toEqual(['each#1-0#1', 'each#1-1#1']);
    // The second finishes first: one more starts, never more than two at once.
    run.send(done('each#1-1#1', 'B'));
    expect(run.commandsOf('job.start').map((c) => c.jobKey)).toEqual(['each#1-2#1']);
    run.send(done('each#1-2#1', 'C'));
    expect(run.commandsOf('job.start').map((c) => c.jobKey)).toEqual(['each#1-3#1']);
    run.send(done('each#1-3#1', 'D'));
    expect(run.done).toBe(false);
    run.send(done('each#1-0#1', 'A'));
    expect(run.done).toBe(true);
    const results = (run.context.nodes['each'] as { results: { result: unknown }[] }).results;
    expect(results.map((r) => r.result)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('ignores a duplicate or stale result of an item (a crash re-delivered it)', () => {
    const run = drive(groupsFlow(), { groups: ['a', 'b'] });
    run.send(done('each#1-0#1'));
    const before = run.result.state;
    run.send(done('each#1-0#1'));
    expect(run.commands).toEqual([]);
    expect(run.result.state.context).toEqual(before.context);
  });

  it('retries a retryable item failure with the same idempotency key and a new attempt', () => {
    const run = drive(groupsFlow(), { groups: ['a'] });
    run.send(failed('each#1-0#1', true));
    expect(run.command('job.start')).toMatchObject({
      jobKey: 'each#1-0#2',
      idempotencyKey: 'each#1-0',
      attempt: 2,
      delayMs: 1_000,
    });
  });

  it("with onItemError 'fail', a failed item withdraws the others and takes the error handle", () => {
    const run = drive(groupsFlow({ mode: 'parallel', concurrency: 3 }), { groups: ['a', 'b', 'c'] });
    run.send(failed('each#1-1#1'));
    expect(
      run
        .commandsOf('job.cancel')
        .map((c) => c.jobKey)
        .sort(),
    ).toEqual(['each#1-0#1', 'each#1-2#1']);
    expect(run.done).toBe(true);
    expect(run.context.outcome).toBe('failed');
    expect(run.context.error).toMatchObject({
      nodeId: 'each',
      code: 'DOWN',
      message: expect.stringContaining('Item 2 of 3'),
    });
  });

  it("with onItemError 'fail' and no error edge, the instance fails", () => {
    const run = drive(groupsFlow({}, false), { groups: ['a'] });
    run.send(failed('each#1-0#1'));
    expect(run.context.outcome).toBe('failed');
  });

  it("with onItemError 'collect', a failed item is kept as failed and the rest go on", () => {
    const run = drive(groupsFlow({ onItemError: 'collect', output: { added: 'result.failed' } }), {
      groups: ['a', 'b'],
    });
    run.send(failed('each#1-0#1'));
    run.send(done('each#1-1#1', 'B'));
    expect(run.context.outcome).toBe('completed');
    expect(run.context.vars['added']).toBe(1);
    expect(run.context.nodes['each']).toEqual({
      results: [
        { index: 0, ok: false, error: { code: 'DOWN', message: 'the directory is down' } },
        { index: 1, ok: true, result: 'B' },
      ],
      failed: 1,
    });
  });

  it('goes straight on with empty results for an empty list', () => {
    const run = drive(groupsFlow(), { groups: [] });
    expect(run.commandsOf('job.start')).toEqual([]);
    expect(run.context.outcome).toBe('completed');
    expect(run.context.nodes['each']).toEqual({ results: [], failed: 0 });
  });

  it('refuses a list longer than maxItems before any item runs, with a clear error', () => {
    const run = drive(groupsFlow({ maxItems: 2 }), { groups: ['a', 'b', 'c'] });
    expect(run.commandsOf('job.start')).toEqual([]);
    expect(run.context.error).toEqual({
      nodeId: 'each',
      code: 'FOR_EACH_TOO_MANY_ITEMS',
      message: '"each" got 3 items, more than its limit of 2',
    });
    expect(run.context.outcome).toBe('failed');
  });

  it('fails its step (error handle) when the items are not a list', () => {
    const run = drive(groupsFlow(), { groups: 'sales' });
    expect(run.context.error).toMatchObject({ nodeId: 'each', code: 'FOR_EACH_NOT_A_LIST' });
    expect(run.context.outcome).toBe('failed');
  });

  it('caps maxItems and concurrency in the schema', () => {
    const node = (extra: object) =>
      parseDefinition(
        aWorkflow()
          .nodes(n.trigger(), n.forEach('each', '[1]', extra))
          .document(),
      );
    expect(node({ maxItems: 1_001 }).ok).toBe(false);
    expect(node({ concurrency: 51 }).ok).toBe(false);
  });

  it('starts a subworkflow per item, each under its own child key', () => {
    const definition = groupsFlow({
      mode: 'parallel',
      run: {
        type: 'subworkflow',
        workflowId: 'notify-service',
        input: { service: 'item', position: 'index' },
      },
      output: {},
    });
    const run = drive(definition, { groups: ['mail', 'vpn'] });
    expect(run.commandsOf('subworkflow.start')).toEqual([
      expect.objectContaining({ childKey: 'each#1-0', input: { service: 'mail', position: 0 } }),
      expect.objectContaining({ childKey: 'each#1-1', input: { service: 'vpn', position: 1 } }),
    ]);
    expect(awaitsChild(run.result.state, 'each#1-1')).toBe(true);
    expect(childrenAskedFor(definition, run.result.state)).toBe(2);
    run.send({
      type: 'subworkflow.done',
      childKey: 'each#1-1',
      outcome: 'completed',
      output: { sent: true },
      at: 2,
    });
    expect(awaitsChild(run.result.state, 'each#1-1')).toBe(false);
    run.send({
      type: 'subworkflow.done',
      childKey: 'each#1-0',
      outcome: 'completed',
      output: { sent: true },
      at: 3,
    });
    expect(run.context.outcome).toBe('completed');
  });

  it('withdraws running items when the instance is cancelled', () => {
    const run = drive(groupsFlow({ mode: 'parallel' }), { groups: ['a', 'b'] });
    run.send({ type: 'instance.cancel', at: 2_000 });
    expect(run.commandsOf('job.cancel').map((c) => c.jobKey)).toEqual(['each#1-0#1', 'each#1-1#1']);
  });

  it('runs to the end in a simulation with a responder that finishes every job', () => {
    const { finished, trace } = runToEnd(
      machineOf(groupsFlow({ mode: 'parallel', concurrency: 2 })),
      { input: { groups: ['a', 'b', 'c'] }, at: 0 },
      {
        respond: (c, at) =>
          c.type === 'job.start' ? { type: 'job.done', jobKey: c.jobKey, output: 1, at } : undefined,
      },
    );
    expect(finished).toBe(true);
    expect(trace.at(-1)!.result.state.context.vars['added']).toBe(3);
  });

  it('validates with node-addressed issues: a non-list items expression, an unknown action input', () => {
    const definition = aWorkflow()
      .input({ key: 'name', label: 'Name', type: 'string' })
      .nodes(
        n.trigger(),
        n.forEach('each', 'input.name', {
          run: { type: 'task', action: 'test.createTicket', input: { title: 'item', nope: '1' } },
        }),
        n.end('ok'),
      )
      .edges('start -> each', 'each -> ok')
      .build();
    const issues = validate(definition, testCatalog).map((i) => [i.code, i.nodeId, i.path.join('.')]);
    expect(issues).toContainEqual(['EXPRESSION_TYPE', 'each', 'nodes.1.items']);
    expect(issues).toContainEqual(['MAPPING_UNKNOWN_FIELD', 'each', 'nodes.1.run.input.nope']);
  });

  it('offers item (typed from the list) and index to the per-item input, and nowhere else', () => {
    const definition = aWorkflow()
      .input(groupsField)
      .nodes(
        n.trigger(),
        n.forEach('each', 'input.groups', {
          run: { type: 'task', action: 'test.noop', input: { value: 'item + "!"' } },
        }),
        n.end('ok'),
      )
      .edges('start -> each', 'each -> ok')
      .build();
    expect(validate(definition, testCatalog).filter((i) => i.severity === 'error')).toEqual([]);
    const scope = expressionScopeAt(definition, testCatalog, 'each', ['nodes', 1, 'run', 'input', 'value']);
    expect(scope.scope).toBe('itemInput');
    expect(scope.roots['item']).toMatchObject({ kind: 'string' });
    expect(scope.roots['index']).toMatchObject({ kind: 'double' });
    const items = expressionScopeAt(definition, testCatalog, 'each', ['nodes', 1, 'items']);
    expect(items.roots['item']).toBeUndefined();
  });
});
