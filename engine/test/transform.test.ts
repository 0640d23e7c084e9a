import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile';
import { aWorkflow, n, testCatalog } from '../src/testing';
import { validate, validateDocument } from '../src/validate';
import { drive } from './harness';

const shaping = aWorkflow()
  .input({ key: 'n', label: 'N', type: 'number' })
  .variables('doubled', 'label')
  .nodes(
    n.trigger(),
    n.transform('shape', { doubled: 'input.n * 2', label: "'n=' + string(input.n)" }),
    n.decision('size', [{ id: 'big', when: 'vars.doubled > 10' }]),
    n.end('big', 'completed', { doubled: 'nodes.shape.result.doubled', label: 'vars.label' }),
    n.end('small', 'completed', { doubled: 'nodes.shape.result.doubled', label: 'vars.label' }),
  )
  .edges('start -> shape', 'shape -> size', 'size:big -> big', 'size:default -> small')
  .build();

describe('transform node', () => {
  it('assigns variables in the same step, readable by a decision and as nodes.<id>.result', () => {
    const big = drive(shaping, { n: 21 });
    expect(big.active).toEqual(['big']);
    expect(big.context.vars).toEqual({ doubled: 42, label: 'n=21' });
    expect(big.context.nodes['shape']).toEqual({ result: { doubled: 42, label: 'n=21' } });
    expect(big.context.visits['shape']).toBe(1);
    // No job, timer or task: the only command is the end of the instance.
    expect(big.commands.map((c) => c.type)).toEqual(['instance.complete']);
    expect(big.command('instance.complete').output).toEqual({ doubled: 42, label: 'n=21' });

    const small = drive(shaping, { n: 2 });
    expect(small.active).toEqual(['small']);
    expect(small.command('instance.complete').output).toEqual({ doubled: 4, label: 'n=2' });
  });

  it('evaluates every expression over the scope as it was on entry, not one after another', () => {
    const run = drive(
      aWorkflow()
        .variables('a', 'b')
        .nodes(
          n.trigger(),
          n.transform('init', { a: '1', b: '2' }),
          n.transform('swap', { a: 'vars.b', b: 'vars.a' }),
          n.end('done'),
        )
        .edges('start -> init', 'init -> swap', 'swap -> done')
        .build(),
    );
    expect(run.context.vars).toEqual({ a: 2, b: 1 });
    expect(run.context.nodes['swap']).toEqual({ result: { a: 2, b: 1 } });
  });

  it('fails the instance, addressed to the transform, when an expression cannot be evaluated', () => {
    const run = drive(shaping, {});
    expect(run.done).toBe(true);
    expect(run.context.error).toMatchObject({ nodeId: 'shape', code: 'EXPRESSION_FAILED' });
    expect(run.context.error?.message).toContain('doubled');
    expect(run.context.nodes['shape']).toEqual({
      error: expect.objectContaining({ code: 'EXPRESSION_FAILED' }),
    });
    // Nothing is assigned when any expression fails, and the flow does not go on.
    expect(run.context.vars).toEqual({ doubled: null, label: null });
    expect(run.context.nodes['size']).toBeUndefined();
    expect(run.command('instance.complete')).toMatchObject({ outcome: 'failed', error: { nodeId: 'shape' } });
  });

  it('fails on a value of the wrong type at run time', () => {
    // dyn(): a value whose type is only known at run time (validation refuses `input.n - input.s`).
    const run = drive(
      aWorkflow()
        .input({ key: 'n', label: 'N', type: 'number' }, { key: 's', label: 'S', type: 'string' })
        .variables('x')
        .nodes(n.trigger(), n.transform('shape', { x: 'dyn(input.n) - input.s' }), n.end('done'))
        .edges('start -> shape', 'shape -> done')
        .build(),
      { n: 1, s: 'a' },
    );
    expect(run.context.error).toMatchObject({ nodeId: 'shape', code: 'EXPRESSION_FAILED' });
    expect(run.context.error?.message).toContain('no such overload');
    expect(run.result.state.value).toBe('__failed');
    expect(run.command('instance.complete').outcome).toBe('failed');
  });

  it('gets fresh values on each visit of a loop that waits', () => {
    const run = drive(
      aWorkflow()
        .variables('count')
        .nodes(
          n.trigger(),
          n.transform('init', { count: '0' }),
          n.transform('bump', { count: 'vars.count + 1' }),
          n.decision('check', [{ id: 'again', when: 'vars.count < 3' }]),
          n.wait('pause', { type: 'duration', duration: 'PT1M' }),
          n.end('done', 'completed', { count: 'vars.count', seen: 'nodes.bump.result.count' }),
        )
        .edges(
          'start -> init',
          'init -> bump',
          'bump -> check',
          'check:again -> pause',
          'pause -> bump',
          'check:default -> done',
        )
        .build(),
    );
    for (const expected of [1, 2]) {
      expect(run.context.vars['count']).toBe(expected);
      expect(run.context.nodes['bump']).toEqual({ result: { count: expected } });
      const timer = run.command('timer.schedule');
      run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    }
    expect(run.done).toBe(true);
    expect(run.context.visits['bump']).toBe(3);
    expect(run.command('instance.complete')).toMatchObject({
      outcome: 'completed',
      output: { count: 3, seen: 3 },
    });
  });

  it('records only the error when a later visit fails, keeping the variables of the last success', () => {
    const run = drive(
      aWorkflow()
        .variables('count', 'first')
        .nodes(
          n.trigger(),
          n.transform('init', { count: '0' }),
          // The index is out of range on the second visit.
          n.transform('bump', { count: 'vars.count + 1', first: '[7][int(vars.count)]' }),
          n.wait('pause', { type: 'duration', duration: 'PT1M' }),
        )
        .edges('start -> init', 'init -> bump', 'bump -> pause', 'pause -> bump')
        .build(),
    );
    expect(run.context.nodes['bump']).toEqual({ result: { count: 1, first: 7 } });
    const timer = run.command('timer.schedule');
    run.send({ type: 'timer.fired', timerKey: timer.timerKey, at: timer.fireAt });
    expect(run.context.error).toMatchObject({ nodeId: 'bump', code: 'EXPRESSION_FAILED' });
    expect(run.context.nodes['bump']).toEqual({
      error: expect.objectContaining({ code: 'EXPRESSION_FAILED' }),
    });
    expect(run.context.vars).toEqual({ count: 1, first: 7 });
    expect(run.context.visits['bump']).toBe(2);
    expect(run.command('instance.complete').outcome).toBe('failed');
  });
});

describe('transform validation', () => {
  it('refuses a variable that is not declared, addressed to the entry', () => {
    const definition = aWorkflow()
      .variables('known')
      .nodes(n.trigger(), n.transform('shape', { known: '1', ghost: '2' }), n.end('done'))
      .edges('start -> shape', 'shape -> done')
      .build();
    const issues = validate(definition, testCatalog);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_VARIABLE',
        nodeId: 'shape',
        path: ['nodes', 1, 'set', 'ghost'],
        severity: 'error',
      }),
    ]);
    expect(issues[0]!.message).toBe('"shape" sets "ghost", which is not a declared variable');
    expect(compile(definition, testCatalog).ok).toBe(false);
  });

  it('refuses an empty set', () => {
    const doc = aWorkflow()
      .nodes(n.trigger(), n.transform('shape', {}), n.end('done'))
      .edges('start -> shape', 'shape -> done')
      .document();
    const issues = validateDocument(doc, testCatalog);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'INVALID_DEFINITION', nodeId: 'shape', path: ['nodes', 1, 'set'] }),
    ]);
    expect(issues[0]!.message).toContain('Set at least one variable');
  });

  it('checks every expression in step scope', () => {
    const issues = validate(
      aWorkflow()
        .input({ key: 'n', label: 'N', type: 'number' })
        .variables('a', 'b', 'c')
        .nodes(
          n.trigger(),
          n.transform('shape', { a: 'input.n +', b: 'result.x', c: 'input.m' }),
          n.end('done'),
        )
        .edges('start -> shape', 'shape -> done')
        .build(),
      testCatalog,
    );
    expect(issues.map((i) => [i.code, i.nodeId, i.path.join('.')])).toEqual([
      ['EXPRESSION_SYNTAX', 'shape', 'nodes.1.set.a'],
      ['EXPRESSION_UNKNOWN_NAME', 'shape', 'nodes.1.set.b'],
      ['UNKNOWN_FIELD', 'shape', 'nodes.1.set.c'],
    ]);
  });

  it('refuses a loop of transforms and decisions that never waits', () => {
    const loop = (withWait: boolean) =>
      aWorkflow()
        .variables('count')
        .nodes(
          n.trigger(),
          n.transform('bump', { count: 'vars.count + 1' }),
          n.decision('check', [{ id: 'again', when: 'vars.count < 3' }]),
          n.end('done'),
          ...(withWait ? [n.wait('pause', { type: 'duration', duration: 'PT1M' })] : []),
        )
        .edges(
          'start -> bump',
          'bump -> check',
          'check:default -> done',
          ...(withWait ? ['check:again -> pause', 'pause -> bump'] : ['check:again -> bump']),
        );
    const spinning = loop(false).build();
    expect(validate(spinning, testCatalog)).toEqual([
      expect.objectContaining({ code: 'CYCLE_WITHOUT_WAIT', nodeId: 'bump' }),
    ]);
    expect(compile(spinning, testCatalog).ok).toBe(false);
    expect(validate(loop(true).build(), testCatalog)).toEqual([]);
  });
});
