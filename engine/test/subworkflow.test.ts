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
});
