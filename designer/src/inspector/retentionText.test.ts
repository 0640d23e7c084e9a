import { describe, expect, it } from 'vitest';
import { retentionSentence, retentionSource } from './retentionText';

describe('the retention policy in words', () => {
  it('says what happens to an ended instance, and when', () => {
    expect(retentionSentence({ endedInstancesDays: null, mode: 'delete' })).toBe(
      'Ended instances are kept forever.',
    );
    expect(retentionSentence({ endedInstancesDays: 1, mode: 'delete' })).toBe(
      'Ended instances are deleted 1 day after they end.',
    );
    expect(retentionSentence({ endedInstancesDays: 1200, mode: 'archive' })).toBe(
      'Ended instances are written to the audit archive and deleted 1,200 days after they end.',
    );
  });

  it('says whether the workflow has its own policy, and who set it when', () => {
    const global = { endedInstancesDays: null, mode: 'delete' as const };
    expect(retentionSource({ workflowId: 'w', global, effective: global })).toBe(
      '(the global policy of this runtime)',
    );
    expect(
      retentionSource({
        workflowId: 'w',
        own: {
          endedInstancesDays: 30,
          updatedAt: Date.UTC(2026, 10, 29),
          updatedBy: 'u1',
          updatedByName: 'Ada Admin',
        },
        global,
        effective: { endedInstancesDays: 30, mode: 'delete' },
      }),
    ).toBe('(this workflow’s own, set by Ada Admin on 2026-11-29)');
    expect(
      retentionSource({
        workflowId: 'w',
        own: { endedInstancesDays: 30, updatedAt: Date.UTC(2026, 10, 29), updatedBy: 'gone' },
        global,
        effective: { endedInstancesDays: 30, mode: 'delete' },
      }),
    ).toBe('(this workflow’s own, set by an administrator on 2026-11-29)');
  });
});
