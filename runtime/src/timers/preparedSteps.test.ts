import { accessApprovalV1 } from '@flowline/examples';
import type { WorkflowDefinitionInput } from '@flowline/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../store/historyChain';
import { createTestRuntime, maria, type TestRuntime } from '../testing';

// A due date's step prepared before it falls due (the timer service's lookahead), against the real
// executor and store: committed at the due time, or dropped when the run moved on meanwhile.

const form = { system: 'crm', accessLevel: 'read', justification: 'Sales onboarding', manager: 'maria' };
/** The manager's approval escalates after three days. */
const DUE_MS = 3 * 86_400_000;

describe('steps prepared ahead of their timers', () => {
  let rt: TestRuntime;
  afterEach(() => rt.close());

  async function waitingApproval(instanceCacheSize?: number) {
    rt = await createTestRuntime(instanceCacheSize === undefined ? {} : { instanceCacheSize });
    await rt.publish(accessApprovalV1 as WorkflowDefinitionInput);
    await rt.store.createUser(maria);
    const instance = await rt.executor.start({ workflowId: 'access-approval', input: form });
    const dueAt = instance.createdAt + DUE_MS;
    // The daily reminder first, as usual.
    rt.clock.set(dueAt - 12 * 3_600_000);
    expect(await rt.timers.fireDue()).toBe(1);
    rt.clock.set(dueAt - 1_000);
    await rt.timers.prepareAhead();
    expect(rt.timers.held()).toBe(1);
    return { instance, dueAt };
  }

  const tasksOf = async (instanceId: string, status: 'open' | 'cancelled') =>
    (await rt.store.listTasks({ instanceId, status }, { limit: 10 })).items;

  it('commits the escalation at its due time, not before, as the same step an undelayed timer makes', async () => {
    const { instance, dueAt } = await waitingApproval();
    // Prepared, but nothing of it is written before its time.
    const before = await rt.store.getInstance(instance.id);
    expect(await rt.timers.fireDue()).toBe(0);
    expect((await rt.store.getInstance(instance.id))!.rev).toBe(before!.rev);
    rt.clock.set(dueAt + 250);
    expect(await rt.timers.fireDue()).toBe(1);
    expect((await tasksOf(instance.id, 'open')).map((t) => t.assignee)).toEqual([
      { type: 'group', id: 'service-desk' },
    ]);
    expect(await tasksOf(instance.id, 'cancelled')).toHaveLength(1);
    const history = await rt.store.readHistory(instance.id);
    expect(history.filter((entry) => entry.type === 'timer.fired').at(-1)).toMatchObject({ at: dueAt });
    expect(verifyChain(history)).toMatchObject({ ok: true });
    const stored = await rt.store.getInstance(instance.id);
    expect(stored).toMatchObject({ rev: before!.rev + 1, updatedAt: dueAt });
    const timers = await rt.store.countDueTimers(dueAt + 250);
    expect(timers).toBe(0);
  });

  for (const cache of [undefined, 0]) {
    it(`drops the prepared escalation when the manager decides first (${cache === 0 ? 'no instance cache: the rev check' : 'the cached rev'})`, async () => {
      const { instance, dueAt } = await waitingApproval(cache);
      const [task] = await tasksOf(instance.id, 'open');
      const firedBefore = (await rt.store.readHistory(instance.id)).filter((e) => e.type === 'timer.fired');
      await rt.tasks.decide(task!.id, maria, { outcome: 'approved' });
      const decided = await rt.store.getInstance(instance.id);
      rt.clock.set(dueAt + 1);
      expect(await rt.timers.fireDue()).toBe(1);
      // No escalation: the run had left the approval; the timer is spent.
      const open = await tasksOf(instance.id, 'open');
      expect(open.filter((t) => t.assignee.id === 'service-desk')).toEqual([]);
      expect(await tasksOf(instance.id, 'cancelled')).toHaveLength(0);
      const after = await rt.store.getInstance(instance.id);
      expect(after!.rev).toBe(decided!.rev);
      expect(await rt.store.countDueTimers(dueAt + 1)).toBe(0);
      const history = await rt.store.readHistory(instance.id);
      expect(history.filter((entry) => entry.type === 'timer.fired')).toEqual(firedBefore);
      expect(verifyChain(history)).toMatchObject({ ok: true });
    });
  }
});
