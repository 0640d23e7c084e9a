import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../testing';
import { checkDefinitionLimits } from './definitionLimits';

function fanOut(branches: number) {
  const ids = Array.from({ length: branches }, (_, i) => `b${i}`);
  return aWorkflow()
    .nodes(n.trigger(), n.parallel('split'), ...ids.map((id) => n.task(id)), n.join('join'), n.end('done'))
    .edges('start -> split', ...ids.flatMap((id) => [`split -> ${id}`, `${id} -> join`]), 'join -> done')
    .build();
}

describe('definition limits', () => {
  it('refuses a parallel split with more branches than allowed, on the split', () => {
    expect(checkDefinitionLimits(fanOut(5), { parallelBranches: 4 })).toEqual([
      expect.objectContaining({
        code: 'TOO_MANY_BRANCHES',
        severity: 'error',
        nodeId: 'split',
        path: ['nodes', 1],
        message: '"split" opens 5 branches; at most 4 are allowed (limits.parallelBranches)',
      }),
    ]);
  });

  it('accepts a split within the limit', () => {
    expect(checkDefinitionLimits(fanOut(4), { parallelBranches: 4 })).toEqual([]);
  });
});
