import type { EngineEvent } from '@flowline/engine';
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

/** A message buffer of another process whose steps wait at a gate: a process that stalls. */
function stalledProcess(rt: TestRuntime) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let arrived!: () => void;
  const atGate = new Promise<void>((resolve) => (arrived = resolve));
  const buffer = createMessageBuffer({
    store: rt.store,
    clock: rt.clock,
    logger: silentLogger,
    send: async (instanceId: string, event: EngineEvent, effects: readonly StoreEffect[]) => {
      arrived();
      await gate;
      return rt.executor.send(instanceId, event, { effects });
    },
  });
  return { buffer, atGate, resume: () => open() };
}

describe('a reserving process that stalls past the stale age', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
    await rt.publish(cycle);
  });
  afterEach(() => rt.close());

  const start = () => rt.executor.start({ workflowId: 'cycle', input: { alertId: 'A1' } });
  const tookMessage = async (instanceId: string) =>
    (await rt.store.readHistory(instanceId)).some((entry) => JSON.stringify(entry).includes('kept once'));

  it('does not let two runs take one message when its run loops back to the same wait', async () => {
    const first = await start();
    // The stalled process keeps a message, reserves it for the waiting run and stalls before its step.
    const stalled = stalledProcess(rt);
    const keeping = stalled.buffer.keep({
      id: 'm-1',
      event: 'alert.resolved',
      correlationKey: 'A1',
      payload: { note: 'kept once' },
      bufferedAt: rt.clock.now(),
      expiresAt: rt.clock.now() + 3_600_000,
    });
    await stalled.atGate;
    expect((await rt.store.getBufferedMessage('m-1'))?.reservedFor).toBe(first.id);
    // An event sent directly moves the run on to its pause; then a second run starts waiting.
    await rt.sendByCorrelation('alert.resolved', 'A1', { note: 'direct' });
    const second = await start();
    await rt.idle();
    // The sweep finds the reservation stale, its run not waiting, and gives the message to the second.
    rt.clock.advance(STALE_RESERVATION_MS + 1);
    expect(await rt.messages.settleStale()).toBe(1);
    expect(await tookMessage(second.id)).toBe(true);
    // The first run's pause ends: it waits for the event again, and the stalled process resumes.
    await rt.advance(120_000);
    await rt.idle();
    stalled.resume();
    await keeping;
    await stalled.buffer.idle();
    expect(await tookMessage(first.id)).toBe(false);
    expect((await rt.store.getBufferedMessage('m-1'))?.reservedFor).toBe(second.id);
  });
});
