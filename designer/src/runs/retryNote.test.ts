import { describe, expect, it } from 'vitest';
import { followRetry, type RetryNote } from './retryNote';

const retried: RetryNote = { nodeId: 'request1', attempts: 2, left: false };

describe('the note after a retry', () => {
  it('stays while the incident is still listed and while the step runs again', () => {
    expect(followRetry(retried, [{ nodeId: 'request1', attempts: 2 }])).toBe(retried);
    const running = followRetry(retried, []);
    expect(running).toEqual({ ...retried, left: true });
    expect(followRetry(running, [{ nodeId: 'other', attempts: 1 }])).toBe(running);
  });

  it('goes once the step fails again', () => {
    // Seen running, then failed again.
    expect(followRetry(followRetry(retried, []), [{ nodeId: 'request1', attempts: 2 }])).toBeUndefined();
    // Failed again before the page saw it run: another attempt count.
    expect(followRetry(retried, [{ nodeId: 'request1', attempts: 4 }])).toBeUndefined();
    expect(followRetry(undefined, [])).toBeUndefined();
  });
});
