import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../src/testing';
import { drive } from './harness';

const parent = aWorkflow()
  .input({ key: 'email', label: 'E-mail', type: 'email' })
  .variables('account')
  .nodes(
    n.trigger(),
    n.sub('provision', 'create-account', {
      input: { email: 'input.email' },
      output: { account: 'result.output.accountId' },
    }),
    n.end('ok', 'completed', { account: 'vars.account' }),
    n.end('broken', 'failed', { why: 'nodes.provision.outcome' }),
  )
  .edges('start -> provision', 'provision -> ok', 'provision:error -> broken')
  .build();

describe('subworkflow node', () => {
  it('starts the child with mapped input and continues with its output when it completes', () => {
    const run = drive(parent, { email: 'eve@example.com' });
    const start = run.command('subworkflow.start');
    expect(start).toMatchObject({
      workflowId: 'create-account',
      version: 'latest',
      input: { email: 'eve@example.com' },
    });
    run.send({
      type: 'subworkflow.done',
      childKey: start.childKey,
      outcome: 'completed',
      output: { accountId: 'u-1' },
      at: 5_000,
    });
    expect(run.command('instance.complete')).toMatchObject({
      outcome: 'completed',
      output: { account: 'u-1' },
    });
  });

  it('takes the error edge when the child ends with another outcome', () => {
    const run = drive(parent, { email: 'eve@example.com' });
    const start = run.command('subworkflow.start');
    run.send({
      type: 'subworkflow.done',
      childKey: start.childKey,
      outcome: 'rejected',
      output: null,
      at: 5_000,
    });
    expect(run.active).toEqual(['broken']);
    expect(run.command('instance.complete')).toMatchObject({ output: { why: 'rejected' } });
  });

  it('cancels the child when the parent is cancelled', () => {
    const run = drive(parent, { email: 'eve@example.com' });
    const start = run.command('subworkflow.start');
    run.send({ type: 'instance.cancel', by: 'admin', reason: 'duplicate', at: 5_000 });
    expect(run.command('subworkflow.cancel').childKey).toBe(start.childKey);
    expect(run.command('instance.complete')).toMatchObject({
      outcome: 'cancelled',
      output: { by: 'admin', reason: 'duplicate' },
    });
  });

  it('says why a failed child failed', () => {
    const run = drive(parent, { email: 'eve@example.com' });
    const start = run.command('subworkflow.start');
    run.send({
      type: 'subworkflow.done',
      childKey: start.childKey,
      outcome: 'failed',
      output: null,
      error: { code: 'LIMIT_EXCEEDED', message: 'over limits.historyEntriesPerInstance (10)' },
      at: 5_000,
    });
    expect(run.context.error).toEqual({
      nodeId: 'provision',
      code: 'SUBWORKFLOW_OUTCOME',
      message: 'The subworkflow ended "failed": over limits.historyEntriesPerInstance (10)',
    });
  });
});

describe('a child the runtime refused to start', () => {
  const refusal = { code: 'SUBWORKFLOW_DEPTH', message: 'over limits.subworkflowDepth (3)' };

  it('takes the error edge when there is one, with the refusal as the error', () => {
    const run = drive(parent, { email: 'eve@example.com' });
    const start = run.command('subworkflow.start');
    run.send({ type: 'subworkflow.refused', childKey: start.childKey, error: refusal, at: 5_000 });
    expect(run.active).toEqual(['broken']);
    expect(run.context.nodes['provision']).toEqual({ error: refusal });
    // The child never existed: nothing to cancel.
    expect(run.commandsOf('subworkflow.cancel')).toEqual([]);
  });

  const noErrorEdge = aWorkflow()
    .input({ key: 'email', label: 'E-mail', type: 'email' })
    .nodes(
      n.trigger(),
      n.sub('provision', 'create-account', { input: { email: 'input.email' } }),
      n.end('ok'),
    )
    .edges('start -> provision', 'provision -> ok')
    .build();

  it('without an error edge holds the node as an incident until an operator retries the same child', () => {
    const run = drive(noErrorEdge, { email: 'eve@example.com' });
    const start = run.command('subworkflow.start');
    run.send({ type: 'subworkflow.refused', childKey: start.childKey, error: refusal, at: 5_000 });
    expect(run.active).toEqual(['provision']);
    expect(run.done).toBe(false);
    expect(run.context.refused).toEqual({ provision: refusal });
    expect(run.context.error).toMatchObject(refusal);
    // A second refusal of the same child changes nothing.
    expect(
      run.send({ type: 'subworkflow.refused', childKey: start.childKey, error: refusal, at: 5_500 }).changed,
    ).toBe(false);
    expect(run.send({ type: 'job.retry', nodeId: 'other', at: 6_000 }).changed).toBe(false);
    run.send({ type: 'job.retry', nodeId: 'provision', by: 'ops', at: 6_000 });
    expect(run.command('subworkflow.start')).toEqual({ ...start, input: { email: 'eve@example.com' } });
    expect(run.context.refused).toEqual({});
    expect(run.context.error).toBeNull();
    run.send({
      type: 'subworkflow.done',
      childKey: start.childKey,
      outcome: 'completed',
      output: {},
      at: 7_000,
    });
    expect(run.done).toBe(true);
  });

  it('is not cancelled when the instance is cancelled during the incident (it never started)', () => {
    const run = drive(noErrorEdge, { email: 'eve@example.com' });
    const start = run.command('subworkflow.start');
    run.send({ type: 'subworkflow.refused', childKey: start.childKey, error: refusal, at: 5_000 });
    run.send({ type: 'instance.cancel', at: 6_000 });
    expect(run.commandsOf('subworkflow.cancel')).toEqual([]);
    expect(run.command('instance.complete').outcome).toBe('cancelled');
  });

  it('ignores a refusal of another child', () => {
    const run = drive(noErrorEdge, { email: 'eve@example.com' });
    expect(
      run.send({ type: 'subworkflow.refused', childKey: 'provision#9', error: refusal, at: 5_000 }).changed,
    ).toBe(false);
  });
});
