import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHistory, emptyChainHead } from '../historyChain';
import type { NewHistoryEntry } from '../schemas/history';
import type { ContractContext } from './context';
import { T0, anInstance, aStep } from './fixtures';

const started: NewHistoryEntry = { at: T0, type: 'instance.started', actor: 'ada', data: { input: 1 } };
const decided: NewHistoryEntry = {
  at: T0 + 1000,
  type: 'task.decided',
  nodeId: 'approve',
  actor: 'grace',
  data: { outcome: 'approved', comment: 'ok' },
  step: { activeNodes: ['provision'], commands: ['task.close', 'job.start'] },
};

export function describeOutbox({ store }: ContractContext): void {
  describe('outbox', () => {
    it('lists the instances whose outbox still holds commands', async () => {
      await store().createInstance(
        anInstance({ id: 'a', outbox: [{ id: 'a:1:0', type: 'timer.schedule' }] }),
        {
          history: [],
        },
      );
      await store().createInstance(anInstance({ id: 'quiet' }), { history: [] });
      await store().createInstance(anInstance({ id: 'b' }), { history: [] });
      await store().commitSteps([aStep({ instanceId: 'b', commands: [{ id: 'b:2:0', type: 'job.start' }] })]);
      const pending = await store().listUndispatched({ limit: 10 });
      expect(pending.map((p) => p.instanceId).sort()).toEqual(['a', 'b']);
      expect(pending.find((p) => p.instanceId === 'b')?.commands).toEqual([
        { id: 'b:2:0', type: 'job.start' },
      ]);
      expect(await store().listUndispatched({ limit: 1 })).toHaveLength(1);
    });

    it('lists only instances quiet since a given time when asked', async () => {
      const command = (id: string) => [{ id: `${id}:1:0`, type: 'subworkflow.start' }];
      await store().createInstance(anInstance({ id: 'old', outbox: command('old'), updatedAt: T0 }), {
        history: [],
      });
      await store().createInstance(anInstance({ id: 'busy', outbox: command('busy'), updatedAt: T0 }), {
        history: [],
      });
      await store().commitSteps([
        aStep({ instanceId: 'busy', set: { ...aStep().set, updatedAt: T0 + 60_000 } }),
      ]);
      const quiet = await store().listUndispatched({ limit: 10, updatedBefore: T0 + 30_000 });
      expect(quiet.map((p) => p.instanceId)).toEqual(['old']);
      expect(await store().listUndispatched({ limit: 10, updatedBefore: T0 })).toEqual([]);
    });

    it('removes dispatched commands idempotently and keeps the rest in order', async () => {
      const outbox = [
        { id: 'inst-1:1:0', type: 'task.create' },
        { id: 'inst-1:1:1', type: 'timer.schedule' },
        { id: 'inst-1:1:2', type: 'job.start' },
      ];
      await store().createInstance(anInstance({ outbox }), { history: [] });
      await store().markDispatched('inst-1', ['inst-1:1:1']);
      await store().markDispatched('inst-1', ['inst-1:1:1', 'unknown']);
      expect((await store().getInstance('inst-1'))?.outbox).toEqual([outbox[0], outbox[2]]);
      await store().markDispatched('inst-1', ['inst-1:1:0', 'inst-1:1:2']);
      expect(await store().listUndispatched({ limit: 10 })).toEqual([]);
    });

    it('does not queue the same command id twice', async () => {
      await store().createInstance(anInstance({ outbox: [{ id: 'inst-1:1:0', type: 'job.start' }] }), {
        history: [],
      });
      await store().commitSteps([aStep({ commands: [{ id: 'inst-1:1:0', type: 'job.start' }] })]);
      expect((await store().getInstance('inst-1'))?.outbox).toHaveLength(1);
    });
  });
}

export function describeHistory({ store, harness }: ContractContext): void {
  describe('history', () => {
    it('numbers entries from 1 per instance across creation and commits, in seq order', async () => {
      await store().createInstance(anInstance(), { history: [started] });
      await store().createInstance(anInstance({ id: 'other' }), { history: [started] });
      await store().commitSteps([
        aStep({ history: [decided, { at: T0 + 1001, type: 'job.queued', data: null }] }),
      ]);
      const history = await store().readHistory('inst-1');
      expect(history.map((entry) => [entry.seq, entry.type])).toEqual([
        [1, 'instance.started'],
        [2, 'task.decided'],
        [3, 'job.queued'],
      ]);
      expect(history[1]).toMatchObject({ instanceId: 'inst-1', ...decided });
      expect((await store().readHistory('other')).map((entry) => entry.seq)).toEqual([1]);
    });

    it('hashes entries exactly as chainHistory does, so chains compare across adapters', async () => {
      await store().createInstance(anInstance(), { history: [started] });
      await store().commitSteps([aStep({ history: [decided] })]);
      const expected = chainHistory('inst-1', emptyChainHead(), [started, decided]).entries;
      expect(await store().readHistory('inst-1')).toEqual(expected);
      expect(expected[0]?.prevHash).toBe(GENESIS_HASH);
      expect(expected[1]?.prevHash).toBe(expected[0]?.hash);
    });

    it('chains history hashes and detects a tampered entry', async ({ skip }) => {
      const tamper = harness().tamperHistory;
      if (!tamper) return skip('This adapter cannot rewrite history behind its own back.');
      await store().createInstance(anInstance(), { history: [started] });
      await store().commitSteps([aStep({ history: [decided] })]);
      await store().commitSteps([aStep({ expectedRev: 2, history: [{ at: T0 + 2, type: 'x', data: {} }] })]);
      expect(await store().verifyHistory('inst-1')).toEqual({ ok: true, entries: 3 });
      await tamper('inst-1', 2, { outcome: 'rejected', comment: 'ok' });
      expect(await store().verifyHistory('inst-1')).toEqual({ ok: false, brokenAtSeq: 2 });
    });

    it('verifies an instance without history as an empty, intact chain', async () => {
      await store().createInstance(anInstance(), { history: [] });
      expect(await store().verifyHistory('inst-1')).toEqual({ ok: true, entries: 0 });
      expect(await store().readHistory('nope')).toEqual([]);
    });
  });
}
