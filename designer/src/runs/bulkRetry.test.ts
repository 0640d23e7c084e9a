import { describe, expect, it } from 'vitest';
import { bulkRetrySummary, retryIncidents } from './bulkRetry';

describe('retrying the incidents of several runs', () => {
  it('retries each open incident of each run once, one at a time, and goes on past a refusal', async () => {
    const incidents: Record<string, string[]> = { r1: ['scim'], r2: ['scim', 'ticket'], r3: ['scim'] };
    const calls: string[] = [];
    let inFlight = 0;
    const result = await retryIncidents(
      ['r1', 'r2', 'r3'],
      {
        incidentsOf: async (id) => incidents[id] ?? [],
        retry: async (id, node) => {
          inFlight += 1;
          expect(inFlight).toBe(1);
          await Promise.resolve();
          inFlight -= 1;
          calls.push(`${id}:${node}`);
          if (id === 'r3') throw new Error('The instance has already ended');
        },
      },
      (error) => (error as Error).message,
    );
    expect(calls).toEqual(['r1:scim', 'r2:scim', 'r2:ticket', 'r3:scim']);
    expect(result).toEqual({
      retried: 3,
      runs: 2,
      refused: [{ runId: 'r3', nodeId: 'scim', reason: 'The instance has already ended' }],
    });
    expect(bulkRetrySummary(result)).toBe(
      'Retried 3 steps in 2 runs: each runs once more. 1 could not be retried (first: The instance has already ended).',
    );
  });

  it('says so when there was nothing left to retry', async () => {
    const result = await retryIncidents(
      ['r1'],
      { incidentsOf: async () => [], retry: async () => {} },
      String,
    );
    expect(bulkRetrySummary(result)).toBe('Nothing was retried.');
  });
});
