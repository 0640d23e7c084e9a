import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createCountingConnector, createTestRuntime, type TestRuntime } from '../testing';

const record = (value: string) => ({ action: 'counter.record', input: { value } });
const twoCalls = aWorkflow('two-calls')
  .nodes(
    n.trigger(),
    n.task('first', record('1')),
    n.wait('gate', { type: 'event', event: 'go', correlationKey: "'k'" }),
    n.task('second', record('2')),
    n.end('done'),
  )
  .edges('start -> first', 'first -> gate', 'gate -> second', 'second -> done')
  .document();

const go = { type: 'event.received', event: 'go', correlationKey: 'k', payload: null, at: 1 } as const;

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached in 2 s');
}

describe('jobs leased to the local worker in the step that asks for them', () => {
  const runtimes: TestRuntime[] = [];
  afterEach(async () => {
    for (const rt of runtimes.splice(0).reverse()) {
      await rt.worker.stop(1_000);
      await rt.close();
    }
  });

  it('runs a job due now right after its step commits, with no claim and no poll', async () => {
    const counting = createCountingConnector();
    // One poll at start, then none for an hour: only the local lease can run the jobs.
    const rt = await createTestRuntime({ connectors: [counting.connector], workerPollMs: 3_600_000 });
    runtimes.push(rt);
    await rt.publish(twoCalls);
    rt.worker.start();
    await new Promise((r) => setTimeout(r, 20));
    const instance = await rt.executor.start({ workflowId: 'two-calls', input: {} });
    await until(async () => (await rt.store.getInstance(instance.id))?.currentNodes[0] === 'gate');
    await rt.executor.send(instance.id, go);
    await until(async () => (await rt.store.getInstance(instance.id))?.status === 'completed');
    expect(counting.effects.size).toBe(2);
    expect(await rt.store.countJobs('succeeded')).toBe(2);
    // The worker gives its slot back just after the step its job caused committed (the instance
    // can be seen completed a moment before): wait for it rather than read it once.
    await expect.poll(() => rt.worker.load()).toEqual({ running: 0, reserved: 0 });
  });

  it('gives the slot back when its step loses the rev check', async () => {
    const counting = createCountingConnector();
    const a = await createTestRuntime({ connectors: [counting.connector], workerPollMs: 3_600_000 });
    const b = await createTestRuntime({ connectors: [counting.connector], path: a.path });
    runtimes.push(a, b);
    await a.publish(twoCalls);
    a.worker.start();
    const instance = await a.executor.start({ workflowId: 'two-calls', input: {} });
    await until(async () => (await a.store.getInstance(instance.id))?.currentNodes[0] === 'gate');
    // B cancels behind A's cache; A's "go" plans the second call (reserving a slot), loses, re-reads.
    await b.executor.send(instance.id, { type: 'instance.cancel', by: 'ops', at: 2 });
    expect(await a.executor.send(instance.id, go)).toMatchObject({ changed: false, ended: true });
    expect(a.worker.load()).toEqual({ running: 0, reserved: 0 });
    expect(counting.effects.size).toBe(1);
    expect((await a.store.countJobs('queued')) + (await a.store.countJobs('running'))).toBe(0);
  });
});
