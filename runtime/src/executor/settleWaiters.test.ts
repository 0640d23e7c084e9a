import { describe, expect, it } from 'vitest';
import type { Instance } from '../store';
import { createSettleWaiters } from './settleWaiters';

// 'working' and 'ended' are read without the engine snapshot: a command in the outbox, or a status.
const instance = (rev: number, status: Instance['status'], outbox = 1): Instance =>
  ({
    id: 'i1',
    rev,
    status,
    outbox: Array.from({ length: outbox }, (_, i) => ({ id: `c${i}` })),
  }) as unknown as Instance;

describe('settle waiters (starts that wait for their instance)', () => {
  it('wakes on a step this process commits, without waiting for a read, and forgets the waiter', async () => {
    const waiters = createSettleWaiters({ getInstance: async () => instance(1, 'running') });
    const waiting = waiters.waitUntilSettled('i1', { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 10));
    expect(waiters.size()).toBe(1);
    waiters.committed(instance(2, 'running')); // still working
    waiters.committed(instance(3, 'completed', 0));
    const settled = await waiting;
    expect([settled.state, settled.instance.rev]).toEqual(['ended', 3]);
    expect(waiters.size()).toBe(0);
  });

  it('ignores an older step arriving late', async () => {
    const waiters = createSettleWaiters({ getInstance: async () => instance(5, 'running') });
    const waiting = waiters.waitUntilSettled('i1', { timeoutMs: 200 });
    await new Promise((r) => setTimeout(r, 10));
    waiters.committed(instance(4, 'completed', 0));
    expect((await waiting).state).toBe('working');
  });

  it("sees another replica's step through its periodic read", async () => {
    let reads = 0;
    const waiters = createSettleWaiters({
      getInstance: async () => (++reads >= 2 ? instance(2, 'rejected', 0) : instance(1, 'running')),
    });
    const settled = await waiters.waitUntilSettled('i1', { timeoutMs: 10_000 });
    expect(settled.state).toBe('ended');
    expect(settled.instance.status).toBe('rejected');
  });

  it('answers with how it stands when the time runs out, or the caller goes away', async () => {
    const waiters = createSettleWaiters({ getInstance: async () => instance(1, 'running') });
    expect((await waiters.waitUntilSettled('i1', { timeoutMs: 50 })).state).toBe('working');
    const gone = new AbortController();
    const waiting = waiters.waitUntilSettled('i1', { timeoutMs: 60_000, signal: gone.signal });
    await new Promise((r) => setTimeout(r, 10));
    gone.abort();
    expect((await waiting).state).toBe('working');
    expect(waiters.size()).toBe(0);
  });

  it('listens before the start commits: a run that ends during the start is seen without a read', async () => {
    let reads = 0;
    const waiters = createSettleWaiters({
      getInstance: async () => {
        reads += 1;
        return instance(1, 'running');
      },
    });
    const settled = await waiters.waitUntilSettled('i1', {
      timeoutMs: 60_000,
      first: async () => {
        // The worker finishes the run before the start's own answer comes back.
        waiters.committed(instance(2, 'completed', 0));
        return instance(1, 'running');
      },
    });
    expect([settled.state, settled.instance.rev, reads]).toEqual(['ended', 2, 0]);
    expect(waiters.size()).toBe(0);
  });

  it('forgets the waiter when the start itself fails', async () => {
    const waiters = createSettleWaiters({ getInstance: async () => null });
    const failing = waiters.waitUntilSettled('i1', {
      timeoutMs: 60_000,
      first: () => Promise.reject(new Error('refused')),
    });
    await expect(failing).rejects.toThrow('refused');
    expect(waiters.size()).toBe(0);
  });
});
