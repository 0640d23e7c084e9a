import { defineAction, defineConnector } from '@flowline/connector-sdk';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestRuntime, type TestRuntime } from '../testing';

/** A call that runs until the test lets it finish, counting how often it was started. */
function createHeldConnector() {
  const held = { calls: 0, finish: () => {} };
  const gate = new Promise<void>((resolve) => (held.finish = resolve));
  const hold = defineAction({
    id: 'hold',
    title: 'Hold',
    description: 'Runs until released',
    input: z.object({}),
    output: z.object({}),
    async run() {
      held.calls += 1;
      await gate;
      return {};
    },
  });
  return {
    held,
    connector: defineConnector({ id: 'held', title: 'Held', version: '1.0.0', actions: [hold] }),
  };
}

const oneCall = aWorkflow('one-call')
  .nodes(n.trigger(), n.task('call', { action: 'held.hold', input: {} }), n.end('done'))
  .edges('start -> call', 'call -> done')
  .document();

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached in 3 s');
}

describe('a job claimed again while this worker still runs it', () => {
  let rt: TestRuntime | undefined;
  afterEach(async () => {
    await rt?.worker.stop(1_000);
    await rt?.close();
  });

  it('is not run a second time: the running attempt takes the new lease and completes with it', async () => {
    const { held, connector } = createHeldConnector();
    rt = await createTestRuntime({ connectors: [connector], workerPollMs: 3_600_000 });
    await rt.publish(oneCall);
    rt.worker.start();
    const instance = await rt.executor.start({ workflowId: 'one-call', input: {} });
    await until(() => held.calls === 1);
    // The lease (15 s) runs out while the call runs, on the runtime's clock.
    rt.clock.advance(16_000);
    expect(await rt.worker.poll()).toBe(0);
    expect(await rt.store.countJobs('running')).toBe(1);
    expect(held.calls).toBe(1);
    held.finish();
    await until(async () => (await rt!.store.getInstance(instance.id))?.status === 'completed');
    expect(held.calls).toBe(1);
    expect(await rt.store.countJobs('succeeded')).toBe(1);
    // The worker gives its slot back just after the step its job caused committed (the instance
    // can be seen completed a moment before): wait for it rather than read it once.
    await expect.poll(() => rt!.worker.load()).toEqual({ running: 0, reserved: 0 });
  });
});
