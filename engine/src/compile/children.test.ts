import { describe, expect, it } from 'vitest';
import { aWorkflow, n, testCatalog } from '../testing';
import { compile } from './index';
import { awaitsChild, childrenAskedFor } from './children';
import { applyEvent, startInstance } from './step';

const definition = aWorkflow()
  .nodes(
    n.trigger(),
    n.parallel('split'),
    n.sub('one', 'child'),
    n.sub('two', 'child'),
    n.join('join'),
    n.end('done'),
  )
  .edges('start -> split', 'split -> one', 'split -> two', 'one -> join', 'two -> join', 'join -> done')
  .build();

describe('children of an instance', () => {
  const compiled = compile(definition, testCatalog);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  const machine = compiled.value;

  it('counts the children asked for and tells which ones it still waits for', () => {
    const started = startInstance(machine, { input: {}, at: 1 });
    expect(childrenAskedFor(definition, started.state)).toBe(2);
    expect(awaitsChild(started.state, 'one#1')).toBe(true);
    expect(awaitsChild(started.state, 'one#2')).toBe(false);
    const refused = applyEvent(machine, started.state, {
      type: 'subworkflow.refused',
      childKey: 'one#1',
      error: { code: 'X', message: 'no' },
      at: 2,
    });
    expect(awaitsChild(refused.state, 'one#1')).toBe(false);
    expect(awaitsChild(refused.state, 'two#1')).toBe(true);
    const cancelled = applyEvent(machine, refused.state, { type: 'instance.cancel', at: 3 });
    expect(awaitsChild(cancelled.state, 'two#1')).toBe(false);
  });
});
