import { describe, expect, it } from 'vitest';
import { noCallsNote } from './noCallsNote';

describe('the note of a run without connector calls', () => {
  it('says "yet" only of a run still running', () => {
    expect(noCallsNote('running', false)).toMatch(/no connector calls yet/);
    for (const ended of ['completed', 'rejected', 'failed', 'cancelled'] as const)
      expect(noCallsNote(ended, false)).toBe(
        'This run made no connector calls. Its approvals, decisions and waits are in the history.',
      );
  });

  it('speaks of the step when one is selected', () => {
    expect(noCallsNote('cancelled', true)).toMatch(/^This step calls no connector/);
  });
});
