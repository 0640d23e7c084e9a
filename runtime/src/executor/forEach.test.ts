import { defineAction, defineConnector } from '@flowline/connector-sdk';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../observability/logger';
import { callConnector } from '../jobs/callConnector';
import { createCountingConnector, createTestRuntime, type TestRuntime } from '../testing';

const groups = ['sales', 'vpn', 'wiki', 'hr', 'it'];
const groupsField = {
  key: 'groups',
  label: 'Groups',
  type: 'multiselect' as const,
  options: groups.map((g) => ({ value: g, label: g })),
};

/** Adds the new hire to each group through `action`, then ends with the results. */
function onboarding(action: string, extra: Parameters<typeof n.forEach>[2] = {}) {
  return aWorkflow('onboard')
    .input(groupsField)
    .nodes(
      n.trigger(),
      n.forEach('addToGroups', 'input.groups', {
        run: { type: 'task', action, input: { value: 'item' } },
        ...extra,
      }),
      n.end('done', 'completed', { added: 'nodes.addToGroups.results.map(r, r.result)' }),
    )
    .edges('start -> addToGroups', 'addToGroups -> done')
    .document();
}

/** A connector whose calls wait until the test lets each one go, so overlap can be observed. */
function createGatedConnector() {
  const pending: { value: unknown; release: () => void }[] = [];
  let inFlight = 0;
  let most = 0;
  const hold = defineAction({
    id: 'hold',
    title: 'Hold',
    description: 'Waits for the test to release it',
    input: z.object({ value: z.unknown().optional() }),
    output: z.object({ value: z.unknown() }),
    async run(_ctx, input) {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((release) => pending.push({ value: input.value, release }));
      inFlight -= 1;
      return { value: input.value };
    },
  });
  const connector = defineConnector({ id: 'gate', title: 'Gate', version: '1.0.0', actions: [hold] });
  return { connector, pending, most: () => most };
}

describe('for-each on the real executor (SQLite)', () => {
  let rt: TestRuntime;
  const others: TestRuntime[] = [];
  afterEach(async () => {
    await rt.worker.stop(1_000);
    await rt.close();
    for (const other of others.splice(0)) await other.close();
  });

  it('runs one job per item in sequence and completes with the results in item order', async () => {
    const counting = createCountingConnector();
    rt = await createTestRuntime({ connectors: [counting.connector] });
    await rt.publish(onboarding('counter.record'));
    const instance = await rt.executor.start({
      workflowId: 'onboard',
      input: { groups: ['sales', 'vpn', 'wiki'] },
    });
    await rt.runJobs();
    await rt.idle();
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { added: [{ count: 1 }, { count: 2 }, { count: 3 }] },
    });
    expect([...counting.effects.keys()]).toEqual([0, 1, 2].map((i) => `${instance.id}:addToGroups#1-${i}`));
    for (const i of [0, 1, 2])
      expect(await rt.store.getJob(`${instance.id}:addToGroups#1-${i}#1`)).toMatchObject({
        status: 'succeeded',
      });
  });

  it('never runs more items at once than its concurrency', async () => {
    const gate = createGatedConnector();
    rt = await createTestRuntime({ connectors: [gate.connector], workerPollMs: 5 });
    await rt.publish(onboarding('gate.hold', { mode: 'parallel', concurrency: 2 }));
    rt.worker.start();
    const instance = await rt.executor.start({ workflowId: 'onboard', input: { groups } });
    for (let released = 0; released < groups.length; released += 1) {
      const expected = Math.min(2, groups.length - released);
      await vi.waitFor(() => expect(gate.pending.length).toBe(expected), { timeout: 10_000 });
      // Release the newest: the items finish out of order.
      gate.pending.pop()!.release();
    }
    await vi.waitFor(
      async () => expect(await rt.store.getInstance(instance.id)).toMatchObject({ status: 'completed' }),
      { timeout: 10_000 },
    );
    expect(gate.most()).toBe(2);
    expect((await rt.store.getInstance(instance.id))!.output).toEqual({
      added: groups.map((g) => ({ value: g })),
    });
  });

  it('resumes after a crash mid-way on a second process, without losing or doubling an item', async () => {
    const counting = createCountingConnector();
    const first = await createTestRuntime({ connectors: [counting.connector] });
    others.push(first);
    await first.publish(onboarding('counter.record', { mode: 'parallel', concurrency: 2 }));
    const instance = await first.executor.start({
      workflowId: 'onboard',
      input: { groups: ['sales', 'vpn', 'wiki'] },
    });
    const key = (i: number) => `${instance.id}:addToGroups#1-${i}`;
    // A worker claims items 0 and 1 and reaches the peer for both; it hands item 0's result to the
    // instance (which starts item 2) and dies before completing either job record.
    const claimed = await first.store.claimJobs({
      owner: 'crashed',
      now: first.clock.now(),
      leaseMs: 15_000,
      limit: 2,
    });
    expect(claimed.map((j) => j.id).sort()).toEqual([`${key(0)}#1`, `${key(1)}#1`]);
    const deps = {
      clock: first.clock,
      logger: silentLogger,
      connectors: first.connectors,
      connections: first.vault,
      network: { allowLoopback: true },
    };
    const results = await Promise.all(claimed.map((job) => callConnector(deps, job, first.clock.now())));
    const itemZero = results[claimed.findIndex((j) => j.id === `${key(0)}#1`)]!;
    await first.executor.send(instance.id, itemZero);
    expect(await first.store.getJob(`${key(2)}#1`)).toMatchObject({ status: 'queued' });
    // A second process over the same database: the leases run out and the jobs are redelivered.
    rt = await createTestRuntime({ connectors: [counting.connector], path: first.path });
    rt.clock.advance(first.clock.now() - rt.clock.now() + 16_000);
    await rt.runJobs();
    await rt.idle();
    await rt.runJobs();
    const done = await rt.store.getInstance(instance.id);
    expect(done).toMatchObject({ status: 'completed' });
    expect((done!.output as { added: unknown[] }).added).toHaveLength(3);
    // Items 0 and 1 were called again under their keys (at least once); no item had two effects,
    // and item 0's second result was ignored.
    expect([0, 1, 2].map((i) => counting.attempts.get(key(i)))).toEqual([2, 2, 1]);
    expect([...counting.effects.entries()].sort()).toEqual([0, 1, 2].map((i) => [key(i), 1]));
  });

  it('refuses a list longer than its limit before any item runs', async () => {
    const counting = createCountingConnector();
    rt = await createTestRuntime({ connectors: [counting.connector] });
    await rt.publish(onboarding('counter.record', { maxItems: 2 }));
    const instance = await rt.executor.start({
      workflowId: 'onboard',
      input: { groups: ['sales', 'vpn', 'wiki'] },
    });
    await rt.runJobs();
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'failed',
      error: { nodeId: 'addToGroups', code: 'FOR_EACH_TOO_MANY_ITEMS' },
    });
    expect(counting.attempts.size).toBe(0);
  });

  it('refuses a list past the runtime’s limits.forEachItems, whatever the node allows', async () => {
    const counting = createCountingConnector();
    rt = await createTestRuntime({ connectors: [counting.connector], limits: { forEachItems: 2 } });
    await rt.publish(onboarding('counter.record'));
    await expect(
      rt.executor.start({ workflowId: 'onboard', input: { groups: ['sales', 'vpn', 'wiki'] } }),
    ).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringContaining(
        '"addToGroups" would run over 3 items; at most 2 are allowed (limits.forEachItems)',
      ),
    });
    expect(counting.attempts.size).toBe(0);
  });

  it('starts one child per item for a subworkflow run, each answered to its item; history names the node', async () => {
    rt = await createTestRuntime();
    await rt.publish(
      aWorkflow('notify-service')
        .input({ key: 'service', label: 'Service', type: 'string', required: true })
        .nodes(n.trigger(), n.end('done', 'completed', { notified: 'input.service' }))
        .edges('start -> done')
        .document(),
    );
    await rt.publish(
      aWorkflow('onboard')
        .input(groupsField)
        .nodes(
          n.trigger(),
          n.forEach('addToGroups', 'input.groups', {
            mode: 'parallel',
            concurrency: 2,
            run: { type: 'subworkflow', workflowId: 'notify-service', input: { service: 'item' } },
          }),
          n.end('done', 'completed', { added: 'nodes.addToGroups.results.map(r, r.result.output.notified)' }),
        )
        .edges('start -> addToGroups', 'addToGroups -> done')
        .document(),
    );
    const instance = await rt.executor.start({
      workflowId: 'onboard',
      input: { groups: ['sales', 'vpn', 'wiki'] },
    });
    await rt.idle();
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { added: ['sales', 'vpn', 'wiki'] },
    });
    const children = await rt.store.listInstances({ workflowId: 'notify-service' }, { limit: 10 });
    expect(children.items).toHaveLength(3);
    const history = await rt.store.readHistory(instance.id);
    expect(history.filter((h) => h.type === 'subworkflow.done').map((h) => h.nodeId)).toEqual([
      'addToGroups',
      'addToGroups',
      'addToGroups',
    ]);
  });
});
