import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../src/testing';
import { drive } from './harness';

const routing = aWorkflow()
  .input({ key: 'amount', label: 'Amount', type: 'number' }, { key: 'vip', label: 'VIP', type: 'boolean' })
  .nodes(
    n.trigger(),
    n.decision('route', [
      { id: 'vip', when: 'input.vip' },
      { id: 'large', when: 'input.amount > 1000' },
    ]),
    n.end('fast', 'completed', { route: '"vip"' }),
    n.end('review', 'completed', { route: '"large"' }),
    n.end('auto', 'completed', { route: '"default"' }),
  )
  .edges('start -> route', 'route:vip -> fast', 'route:large -> review', 'route:default -> auto')
  .build();

describe('decision node', () => {
  it('takes the first condition that holds, in order', () => {
    expect(drive(routing, { amount: 5000, vip: true }).active).toEqual(['fast']);
    expect(drive(routing, { amount: 5000, vip: false }).active).toEqual(['review']);
  });

  it('takes the default edge when no condition holds', () => {
    const run = drive(routing, { amount: 10, vip: false });
    expect(run.active).toEqual(['auto']);
    expect(run.context.nodes['route']).toEqual({ branch: 'default' });
  });

  it('fails the instance, addressed to the decision, when a condition cannot be evaluated', () => {
    const run = drive(routing, { amount: 10 });
    expect(run.context.error).toMatchObject({ nodeId: 'route', code: 'EXPRESSION_FAILED' });
    expect(run.command('instance.complete').outcome).toBe('failed');
  });

  it('refuses a condition that is not true or false', () => {
    // dyn(): a value whose type is only known at run time (validation refuses `input.amount`).
    const run = drive(
      aWorkflow()
        .input({ key: 'amount', label: 'Amount', type: 'number' })
        .nodes(
          n.trigger(),
          n.decision('route', [{ id: 'big', when: 'dyn(input.amount)' }]),
          n.end('a'),
          n.end('b'),
        )
        .edges('start -> route', 'route:big -> a', 'route:default -> b')
        .build(),
      { amount: 3 },
    );
    expect(run.context.error).toMatchObject({ nodeId: 'route', code: 'EXPRESSION_TYPE' });
  });
});
