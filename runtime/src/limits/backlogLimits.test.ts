import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

describe('limits.backlog in the configuration', () => {
  it('has defaults, reads FLOWLINE_LIMITS, and refuses a misspelt key or a limit below 1', () => {
    expect(loadConfig({}).limits.backlog).toEqual({ maxQueuedJobs: 500, maxRetryAfterSeconds: 30 });
    expect(
      loadConfig({ FLOWLINE_LIMITS: '{"backlog":{"maxQueuedJobs":50}}' }).limits.backlog.maxQueuedJobs,
    ).toBe(50);
    expect(() => loadConfig({ FLOWLINE_LIMITS: '{"backlog":{"maxQueuedJob":50}}' })).toThrow(
      /"backlog.maxQueuedJob" is not a setting \(did you mean "maxQueuedJobs"\?\)/,
    );
    expect(() => loadConfig({ FLOWLINE_LIMITS: '{"backlog":{"maxQueuedJobs":0}}' })).toThrow(/maxQueuedJobs/);
  });
});
