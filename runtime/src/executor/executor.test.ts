import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing';

// Two waits in a row: an event only matters once the instance has passed the first.
const onEvent = (event: string) => ({ type: 'event' as const, event, correlationKey: "'k'" });
const twoWaits = aWorkflow('two-waits')
  .nodes(n.trigger(), n.wait('ready', onEvent('ready')), n.wait('go', onEvent('go')), n.end('done'))
  .edges('start -> ready', 'ready -> go', 'go -> done')
  .document();

const event = (name: string, at: number) =>
  ({ type: 'event.received', event: name, correlationKey: 'k', payload: null, at }) as const;

describe('executor with two processes on one store', () => {
  let a: TestRuntime;
  let b: TestRuntime;
  beforeEach(async () => {
    a = await createTestRuntime();
    b = await createTestRuntime({ path: a.path });
    await a.publish(twoWaits);
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  it('delivers an event its cached state would ignore once another process moved the instance on', async () => {
    const instance = await a.executor.start({ workflowId: 'two-waits', input: {} });
    expect(await b.executor.send(instance.id, event('ready', 1))).toMatchObject({ changed: true });
    // A still remembers the instance waiting for "ready", where "go" means nothing.
    expect(await a.executor.send(instance.id, event('go', 2))).toMatchObject({ changed: true, ended: true });
    expect(await a.store.getInstance(instance.id)).toMatchObject({ status: 'completed', rev: 3 });
    expect(await a.store.verifyHistory(instance.id)).toMatchObject({ ok: true });
  });

  it('steps from the stored state when its cached one is stale, and keeps both steps', async () => {
    const instance = await a.executor.start({ workflowId: 'two-waits', input: {} });
    await b.executor.send(instance.id, event('ready', 1));
    const cancelled = await a.executor.send(instance.id, { type: 'instance.cancel', by: 'ops', at: 2 });
    expect(cancelled).toMatchObject({ changed: true, ended: true });
    const history = await a.store.readHistory(instance.id);
    expect(history.map((h) => h.type)).toEqual(['instance.started', 'event.received', 'instance.cancel']);
    expect(await a.store.getInstance(instance.id)).toMatchObject({ status: 'cancelled', rev: 3 });
  });

  it('starts an instance once per given id, also when two processes start it together', async () => {
    const [first, second] = await Promise.all([
      a.executor.start({ id: 'fixed', workflowId: 'two-waits', input: {} }),
      b.executor.start({ id: 'fixed', workflowId: 'two-waits', input: {} }),
    ]);
    const third = await a.executor.start({ id: 'fixed', workflowId: 'two-waits', input: {} });
    expect([second.createdAt, third.createdAt]).toEqual([first.createdAt, first.createdAt]);
    expect(await a.store.readHistory('fixed')).toHaveLength(1);
  });

  it('still ignores an event that matters in no state, without committing anything', async () => {
    const instance = await a.executor.start({ workflowId: 'two-waits', input: {} });
    expect(await a.executor.send(instance.id, event('unknown', 1))).toMatchObject({ changed: false });
    expect(await a.store.getInstance(instance.id)).toMatchObject({ status: 'running', rev: 1 });
  });

  describe('prefetching instances before their events', () => {
    afterEach(() => vi.restoreAllMocks());

    it('reads the instances it does not hold in one call; their events then need no read of their own', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1)
        ids.push((await a.executor.start({ workflowId: 'two-waits', input: {} })).id);
      const many = vi.spyOn(b.store, 'getInstances');
      const one = vi.spyOn(b.store, 'getInstance');
      await b.executor.prefetch([...ids, 'not-an-instance', ids[0]!]);
      expect(many).toHaveBeenCalledTimes(1);
      for (const id of ids)
        expect(await b.executor.send(id, event('ready', 1))).toMatchObject({ changed: true });
      expect(one).not.toHaveBeenCalled();
      // Held now (each step's result is cached): nothing more is read.
      await b.executor.prefetch(ids);
      expect(many).toHaveBeenCalledTimes(1);
    });

    it('keeps the instances its cache holds: what it reads ahead waits apart for its own events', async () => {
      const c = await createTestRuntime({ path: a.path, instanceCacheSize: 2 });
      try {
        const start = () => a.executor.start({ workflowId: 'two-waits', input: {} });
        const held = [(await start()).id, (await start()).id];
        for (const id of held) await c.executor.send(id, event('ready', 1));
        const ahead = [(await start()).id, (await start()).id, (await start()).id];
        await c.executor.prefetch(ahead);
        const one = vi.spyOn(c.store, 'getInstance');
        for (const id of held)
          expect(await c.executor.send(id, event('go', 2))).toMatchObject({ changed: true, ended: true });
        for (const id of ahead)
          expect(await c.executor.send(id, event('ready', 1))).toMatchObject({ changed: true });
        expect(one).not.toHaveBeenCalled();
      } finally {
        await c.close();
      }
    });

    it('still applies an event right when another process moved the instance on after the prefetch', async () => {
      const first = await a.executor.start({ workflowId: 'two-waits', input: {} });
      const second = await a.executor.start({ workflowId: 'two-waits', input: {} });
      await b.executor.prefetch([first.id, second.id]);
      expect(await a.executor.send(first.id, event('ready', 1))).toMatchObject({ changed: true });
      // b's prefetched state of `first` is a step behind (it would ignore 'go'): it reads again.
      expect(await b.executor.send(first.id, event('go', 2))).toMatchObject({ changed: true, ended: true });
      expect(await a.store.getInstance(first.id)).toMatchObject({ status: 'completed', rev: 3 });
    });
  });
});
