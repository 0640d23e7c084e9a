import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createCountingConnector, createTestRuntime, type TestRuntime } from '../testing';

const oneCall = aWorkflow('one-call')
  .nodes(n.trigger(), n.task('call', { action: 'counter.record', input: {} }), n.end('done'))
  .edges('start -> call', 'call -> done')
  .document();

describe('the backlog as the worker and the steps count it', () => {
  const runtimes: TestRuntime[] = [];
  afterEach(async () => {
    for (const rt of runtimes.splice(0)) await rt.close();
  });

  it('counts due jobs no worker slot took, refuses starts past the limit, and admits again once claimed', async () => {
    const counting = createCountingConnector();
    // The worker loop is not running, so no step can lease its job locally: every job queues.
    const rt = await createTestRuntime({
      connectors: [counting.connector],
      backlogLimits: { maxQueuedJobs: 3, maxRetryAfterSeconds: 30 },
    });
    runtimes.push(rt);
    await rt.publish(oneCall);
    for (let i = 0; i < 3; i += 1)
      await rt.backlog.starting(rt.executor.start({ workflowId: 'one-call', input: {} }));
    expect(rt.backlog.view()).toMatchObject({ queuedJobs: 3, startsInFlight: 0 });
    expect(() => rt.backlog.assertRoom()).toThrow(AppError);

    await rt.runJobs();
    expect(rt.backlog.view().queuedJobs).toBe(0);
    expect(rt.backlog.view().drainPerSecond).toBeGreaterThan(0);
    expect(() => rt.backlog.assertRoom()).not.toThrow();
    expect(await rt.store.countJobs('succeeded')).toBe(3);
  });
});
