import { describe, expect, it } from 'vitest';
import { prunePasses } from './prunePasses';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const policy = (workflowId: string, endedInstancesDays: number | null, mode?: 'delete' | 'archive') => ({
  workflowId,
  endedInstancesDays,
  ...(mode ? { mode } : {}),
  updatedAt: 0,
  updatedBy: 'ada',
});

describe('prune passes', () => {
  it("applies a workflow's own policy instead of the global one, shorter or longer", () => {
    const passes = prunePasses(
      { endedInstancesDays: 30, mode: 'delete' },
      [policy('short', 7, 'archive'), policy('long', 365)],
      NOW,
    );
    expect(passes).toEqual([
      {
        policy: 'short',
        mode: 'archive',
        days: 7,
        query: { endedBefore: NOW - 7 * DAY, workflowId: 'short' },
      },
      {
        policy: 'long',
        mode: 'delete',
        days: 365,
        query: { endedBefore: NOW - 365 * DAY, workflowId: 'long' },
      },
      {
        policy: 'global',
        mode: 'delete',
        days: 30,
        query: { endedBefore: NOW - 30 * DAY, exceptWorkflowIds: ['short', 'long'] },
      },
    ]);
  });

  it('leaves a workflow kept forever out of every pass', () => {
    const passes = prunePasses({ endedInstancesDays: 30, mode: 'archive' }, [policy('audit', null)], NOW);
    expect(passes).toEqual([
      {
        policy: 'global',
        mode: 'archive',
        days: 30,
        query: { endedBefore: NOW - 30 * DAY, exceptWorkflowIds: ['audit'] },
      },
    ]);
  });

  it('with the global policy off, prunes only workflows with a policy of their own', () => {
    expect(prunePasses({ endedInstancesDays: null, mode: 'delete' }, [], NOW)).toEqual([]);
    expect(
      prunePasses({ endedInstancesDays: null, mode: 'archive' }, [policy('a', 1)], NOW).map((p) => p.policy),
    ).toEqual(['a']);
  });
});
