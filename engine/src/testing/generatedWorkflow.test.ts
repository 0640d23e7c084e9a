import { describe, expect, it } from 'vitest';
import { validate } from '../validate';
import { generatedWorkflow } from './generatedWorkflow';
import { testCatalog } from './testCatalog';

describe('generatedWorkflow', () => {
  it('reaches the size asked for with a workflow the engine finds no error in', () => {
    const definition = generatedWorkflow(200);
    expect(definition.nodes.length).toBeGreaterThanOrEqual(200);
    expect(new Set(definition.nodes.map((n) => n.kind))).toEqual(
      new Set(['trigger', 'task', 'approval', 'decision', 'wait', 'parallel', 'join', 'transform', 'end']),
    );
    expect(validate(definition, testCatalog).filter((i) => i.severity === 'error')).toEqual([]);
  });
});
