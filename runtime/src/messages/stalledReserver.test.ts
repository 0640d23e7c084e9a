import type { EngineEvent, PersistedState } from '@flowline/engine';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger';
import type { StoreEffect } from '../store';
import { createTestRuntime, type TestRuntime } from '../testing';
import { STALE_RESERVATION_MS, createMessageBuffer } from './messageBuffer';

/** Waits for the resolution, pauses two minutes, then waits for it again: a run that loops back. */
const cycle = aWorkflow('cycle')
  .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
  .nodes(
    n.trigger(),
    n.wait('resolved', { type: 'event', event: 'alert.resolved', correlationKey: 'input.alertId' }),
    n.wait('pause', { type: 'duration', duration: 'PT2M' }),
  )
  .edges('start -> resolved', 'resolved -> pause', 'pause -> resolved')
  .document();

/** Waits for the resolution again at once after each one. */
const listener = aWorkflow('listener')
  .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
  .nodes(
    n.trigger(),
    n.wait('resolved', { type: 'event', event: 'alert.resolved', correlationKey: 'input.alertId' }),
  )
  .edges('start -> resolved', 'resolved -> resolved')
  .document();

/** A message buffer in `process` whose steps wait at a gate: a process that stalls before its step. */
function stalledBuffer(process: TestRuntime) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let arrived!: () => void;
  const atGate = new Promise<void>((resolve) => (arrived = resolve));
  const buffer = createMessageBuffer({
    store: process.store,
    clock: process.clock,
    logger: silentLogger,
    send: async (instanceId: string, event: EngineEvent, effects: readonly StoreEffect[]) => {
      arrived();
      await gate;
      return process.executor.send(instanceId, event, { effects });
    },
  });
  return { buffer, atGate, resume: () => open() };
}

const message = (rt: TestRuntime, id: string, note: string) => ({
  id,
  event: 'alert.resolved',
  correlationKey: 'A1',
  payload: { note },
  bufferedAt: rt.clock.now(),
  expiresAt: rt.clock.now() + 3_600_000,
});

describe('a reserving process that stalls past the stale age', () => {
  let rt: TestRuntime;
  const opened: TestRuntime[] = [];
  beforeEach(async () => {
    rt = await createTestRuntime();
    await rt.publish(cycle);
    await rt.publish(listener);
  });
  afterEach(async () => {
    for (const other of opened.splice(0)) await other.close();
    await rt.close();
  });

  /** The same process, or another one over the same database (a replica). */
  const reserver = async (replica: boolean) => {
    if (!replica) return rt;
    const other = await createTestRuntime({ path: rt.path });
    opened.push(other);
    other.clock.advance(rt.clock.now() - other.clock.now());
    return other;
  };
  const start = (workflowId = 'cycle') => rt.executor.start({ workflowId, input: { alertId: 'A1' } });
  const received = async (instanceId: string, note: string) =>
    (await rt.store.readHistory(instanceId)).filter(
      (entry) => entry.type === 'event.received' && JSON.stringify(entry.data).includes(note),
    ).length;

  // The interleaving: the stalled process reserved m-1 for the first run; the first run moves on
  // (an event sent directly) to a pause; a second run starts waiting and finds m-1 reserved; the
  // sweep finds the reservation stale and the first run not waiting, frees m-1 and the second run
  // takes it; the first run's pause ends and it waits again; the stalled process resumes and steps
  // the first run with m-1. Before fencing, that step committed: both runs took m-1.
  const resumePoints = ['before the sweep', 'after the sweep', 'after its run loops back'] as const;
  for (const replica of [false, true])
    for (const resumeAt of resumePoints)
      it(`gives the message to one run only when it resumes ${resumeAt}${replica ? ' (a replica)' : ''}`, async () => {
        const first = await start();
        const stalled = stalledBuffer(await reserver(replica));
        const keeping = stalled.buffer.keep(message(rt, 'm-1', 'kept once'));
        await stalled.atGate;
        expect((await rt.store.getBufferedMessage('m-1'))?.reservedFor).toBe(first.id);
        await rt.sendByCorrelation('alert.resolved', 'A1', { note: 'direct' });
        const second = await start();
        await rt.idle();
        const resume = async () => {
          stalled.resume();
          await keeping;
          await stalled.buffer.idle();
        };
        if (resumeAt === 'before the sweep') await resume();
        rt.clock.advance(STALE_RESERVATION_MS + 1);
        await rt.messages.settleStale();
        if (resumeAt === 'after the sweep') await resume();
        await rt.advance(120_000);
        await rt.idle();
        if (resumeAt === 'after its run loops back') await resume();
        await rt.idle();
        const takers = [first.id, second.id];
        const counts = await Promise.all(takers.map((id) => received(id, 'kept once')));
        expect(counts).toEqual([0, 1]);
        expect(await rt.store.getBufferedMessage('m-1')).toMatchObject({
          reservedFor: second.id,
          takenAt: expect.any(Number),
        });
        // The first run still waits, unharmed, for the next one.
        expect((await rt.store.getInstance(first.id))?.currentNodes).toEqual(['resolved']);
      });

  it('lets the sweep settle the reservation through a looping run, which then takes what else is kept; the stalled step commits nothing', async () => {
    const run = await start('listener');
    const stalled = stalledBuffer(rt);
    const keeping = stalled.buffer.keep(message(rt, 'm-1', 'first'));
    await stalled.atGate;
    rt.clock.advance(10);
    await rt.store.bufferMessage(message(rt, 'm-2', 'second'));
    rt.clock.advance(STALE_RESERVATION_MS + 1);
    expect(await rt.messages.settleStale()).toBe(1);
    await rt.idle();
    for (const id of ['m-1', 'm-2'])
      expect(await rt.store.getBufferedMessage(id)).toMatchObject({
        reservedFor: run.id,
        takenAt: expect.any(Number),
      });
    const rev = (await rt.store.getInstance(run.id))!.rev;
    stalled.resume();
    await keeping;
    await stalled.buffer.idle();
    expect((await rt.store.getInstance(run.id))!.rev).toBe(rev);
    expect([await received(run.id, 'first'), await received(run.id, 'second')]).toEqual([1, 1]);
    const state = (await rt.store.getInstance(run.id))!.snapshot as PersistedState;
    expect(state.context.messages).toEqual(['m-1', 'm-2']);
  });
});
