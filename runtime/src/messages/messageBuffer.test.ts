import type { PersistedState } from '@flowline/engine';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing';
import { STALE_RESERVATION_MS } from './messageBuffer';

/** A run that pauses a minute, then waits for the alert's resolution and keeps its note. */
const incident = aWorkflow('incident')
  .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
  .variables({ name: 'note', type: 'string', initial: '' })
  .nodes(
    n.trigger(),
    n.wait('pause', { type: 'duration', duration: 'PT1M' }),
    n.wait('resolved', {
      type: 'event',
      event: 'alert.resolved',
      correlationKey: 'input.alertId',
      output: { note: 'string(event.note)' },
    }),
    n.end('done'),
  )
  .edges('start -> pause', 'pause -> resolved', 'resolved -> done')
  .document();

/** Waits for the resolution again and again: a run that took a message still waits for the event. */
const listener = aWorkflow('listener')
  .input({ key: 'alertId', label: 'Alert', type: 'string', required: true })
  .nodes(
    n.trigger(),
    n.wait('resolved', { type: 'event', event: 'alert.resolved', correlationKey: 'input.alertId' }),
  )
  .edges('start -> resolved', 'resolved -> resolved')
  .document();

describe('buffered messages, taken exactly once', () => {
  let rt: TestRuntime;
  const opened: TestRuntime[] = [];
  beforeEach(async () => {
    rt = await createTestRuntime();
    await rt.publish(incident);
  });
  afterEach(async () => {
    for (const other of opened.splice(0)) await other.close();
    await rt.close();
  });

  const keep = (runtime: TestRuntime, id: string, note: string, ttlMs = 600_000) =>
    runtime.messages.keep({
      id,
      event: 'alert.resolved',
      correlationKey: 'A1',
      payload: { note },
      bufferedAt: runtime.clock.now(),
      expiresAt: runtime.clock.now() + ttlMs,
    });
  const start = (runtime: TestRuntime = rt) =>
    runtime.executor.start({ workflowId: 'incident', input: { alertId: 'A1' } });
  const stateOf = async (id: string) => (await rt.store.getInstance(id))!;
  const noteOf = async (id: string) =>
    ((await stateOf(id)).snapshot as PersistedState).context.vars['note'] as string;

  it('gives a kept message to the run that starts waiting for it, in the step that takes it', async () => {
    await keep(rt, 'm-1', 'disk freed');
    const run = await start();
    await rt.advance(60_000);
    await rt.idle();
    expect((await stateOf(run.id)).status).toBe('completed');
    expect(await noteOf(run.id)).toBe('disk freed');
    expect(await rt.store.getBufferedMessage('m-1')).toMatchObject({
      reservedFor: run.id,
      takenAt: expect.any(Number),
    });
    const history = await rt.store.readHistory(run.id);
    expect(history.filter((entry) => JSON.stringify(entry).includes('alert.resolved'))).toHaveLength(1);
  });

  it('takes the oldest message first, one per run', async () => {
    await keep(rt, 'older', 'first');
    rt.clock.advance(1000);
    await keep(rt, 'newer', 'second');
    const [a, b, c] = [await start(), await start(), await start()];
    await rt.advance(60_000);
    await rt.idle();
    const notes = await Promise.all([a, b, c].map((run) => noteOf(run.id)));
    expect(notes.filter((note) => note !== '').sort()).toEqual(['first', 'second']);
    const statuses = await Promise.all([a, b, c].map(async (run) => (await stateOf(run.id)).status));
    expect(statuses.filter((status) => status === 'completed')).toHaveLength(2);
  });

  it('gives one message to one run only when two replicas start waiting at once', async () => {
    const replica = await createTestRuntime({ path: rt.path });
    opened.push(replica);
    await keep(rt, 'm-1', 'disk freed');
    const runs = await Promise.all([start(rt), start(replica), start(rt), start(replica)]);
    rt.clock.advance(60_000);
    replica.clock.advance(60_000);
    await Promise.all([rt.timers.fireDue(), replica.timers.fireDue()]);
    await Promise.all([rt.idle(), replica.idle()]);
    const completed = [];
    for (const run of runs) if ((await stateOf(run.id)).status === 'completed') completed.push(run.id);
    expect(completed).toHaveLength(1);
    expect((await rt.store.getBufferedMessage('m-1'))?.reservedFor).toBe(completed[0]);
  });

  it('does not give an expired message', async () => {
    await keep(rt, 'm-1', 'too late', 30_000);
    const run = await start();
    await rt.advance(60_000);
    await rt.idle();
    expect((await stateOf(run.id)).currentNodes).toEqual(['resolved']);
    expect(await rt.purgeMessages()).toBe(1);
    expect(await rt.store.getBufferedMessage('m-1')).toBeNull();
  });

  it('settles a reservation a crash left before its step: the run takes it once', async () => {
    const run = await start();
    await rt.advance(60_000);
    await rt.idle();
    // A replica reserved the message for the run and died before stepping it.
    await rt.store.bufferMessage({
      id: 'm-1',
      event: 'alert.resolved',
      correlationKey: 'A1',
      payload: { note: 'after the crash' },
      bufferedAt: rt.clock.now(),
      expiresAt: rt.clock.now() + 600_000,
    });
    const reserved = await rt.store.reserveBufferedMessage({
      event: 'alert.resolved',
      correlationKey: 'A1',
      workflowId: 'incident',
      instanceId: run.id,
      now: rt.clock.now(),
    });
    expect(reserved?.id).toBe('m-1');
    expect(await rt.messages.settleStale()).toBe(0); // not stale yet: its step may still come
    rt.clock.advance(STALE_RESERVATION_MS + 1);
    // Two sweeps at once (two replicas): the run still takes it once.
    const replica = await createTestRuntime({ path: rt.path });
    opened.push(replica);
    replica.clock.advance(rt.clock.now() - replica.clock.now());
    await Promise.all([rt.messages.settleStale(), replica.messages.settleStale()]);
    expect((await stateOf(run.id)).status).toBe('completed');
    expect(await noteOf(run.id)).toBe('after the crash');
    expect((await rt.store.getBufferedMessage('m-1'))?.takenAt).toBeDefined();
    const received = (await rt.store.readHistory(run.id)).filter((entry) =>
      JSON.stringify(entry).includes('after the crash'),
    );
    expect(received).toHaveLength(1);
  });

  it('ends the offer of a message every waiting run took already, leaving it free', async () => {
    await rt.publish(listener);
    const runs = [
      await rt.executor.start({ workflowId: 'listener', input: { alertId: 'A1' } }),
      await rt.executor.start({ workflowId: 'listener', input: { alertId: 'A1' } }),
    ];
    const sent = await rt.sendByCorrelation('alert.resolved', 'A1', { note: 'x' }, { messageId: 'm-1' });
    expect(sent).toEqual({ matched: 2, delivered: 2 });
    // The sender's retry reaches nobody, so it is kept; both runs wait but neither takes it again.
    await keep(rt, 'm-1', 'x');
    await rt.idle();
    const kept = await rt.store.getBufferedMessage('m-1');
    expect(kept?.reservedFor).toBeUndefined();
    for (const run of runs) expect((await stateOf(run.id)).rev).toBe(2);
  });

  it('gives a run that waits for the event again (a loop) the next kept message too, oldest first', async () => {
    await rt.publish(listener);
    await keep(rt, 'm-1', 'first');
    rt.clock.advance(10);
    await keep(rt, 'm-2', 'second');
    const run = await rt.executor.start({ workflowId: 'listener', input: { alertId: 'A1' } });
    await rt.idle();
    expect((await stateOf(run.id)).rev).toBe(3);
    for (const id of ['m-1', 'm-2'])
      expect(await rt.store.getBufferedMessage(id)).toMatchObject({
        reservedFor: run.id,
        takenAt: expect.any(Number),
      });
    const taken = (await rt.store.readHistory(run.id)).filter((entry) => entry.type === 'event.received');
    expect(taken.map((entry) => JSON.stringify(entry.data).includes('first'))).toEqual([true, false]);
  });

  it('frees a stale reservation of a run that no longer waits, for a run that does', async () => {
    const gone = await start();
    const waiting = await start();
    await rt.advance(60_000);
    await rt.idle();
    await rt.store.bufferMessage({
      id: 'm-1',
      event: 'alert.resolved',
      correlationKey: 'A1',
      payload: { note: 'second chance' },
      bufferedAt: rt.clock.now(),
      expiresAt: rt.clock.now() + 600_000,
    });
    await rt.store.reserveBufferedMessage({
      event: 'alert.resolved',
      correlationKey: 'A1',
      workflowId: 'incident',
      instanceId: gone.id,
      now: rt.clock.now(),
    });
    await rt.executor.send(gone.id, { type: 'instance.cancel', reason: 'duplicate', at: rt.clock.now() });
    rt.clock.advance(STALE_RESERVATION_MS + 1);
    expect(await rt.messages.settleStale()).toBe(1);
    expect((await stateOf(waiting.id)).status).toBe('completed');
    expect(await noteOf(waiting.id)).toBe('second chance');
    expect((await rt.store.getBufferedMessage('m-1'))?.reservedFor).toBe(waiting.id);
  });
});
