import { describe, expect, it } from 'vitest';
import type { NewBufferedMessage } from '../schemas/message';
import type { ContractContext } from './context';
import { T0, aStep, anInstance } from './fixtures';

const aMessage = (overrides: Partial<NewBufferedMessage> = {}): NewBufferedMessage => ({
  id: 'm-1',
  event: 'alert.resolved',
  correlationKey: 'A-7',
  payload: { note: 'disk freed', $odd: { 'a.b': 1 } },
  bufferedAt: T0,
  expiresAt: T0 + 600_000,
  ...overrides,
});

const asking = {
  event: 'alert.resolved',
  correlationKey: 'A-7',
  workflowId: 'access-request',
  instanceId: 'inst-1',
  now: T0 + 1000,
};

export function describeMessages(context: ContractContext): void {
  const { store } = context;
  describe('buffered messages', () => {
    it('buffers a message once per id and answers the stored one to a second send', async () => {
      const first = await store().bufferMessage(aMessage());
      expect(first).toEqual({ created: true, message: aMessage() });
      const again = await store().bufferMessage(aMessage({ payload: { other: true }, bufferedAt: T0 + 5 }));
      expect(again).toEqual({ created: false, message: aMessage() });
      expect(await store().getBufferedMessage('m-1')).toEqual(aMessage());
      expect(await store().getBufferedMessage('nope')).toBeNull();
    });

    it('reserves the oldest unexpired free message for the event and key, and each one once', async () => {
      await store().bufferMessage(aMessage({ id: 'newer', bufferedAt: T0 + 20 }));
      await store().bufferMessage(aMessage({ id: 'expired', bufferedAt: T0 - 10, expiresAt: T0 + 1000 }));
      await store().bufferMessage(aMessage({ id: 'oldest', bufferedAt: T0 + 10 }));
      await store().bufferMessage(aMessage({ id: 'other-key', correlationKey: 'A-8', bufferedAt: T0 }));
      await store().bufferMessage(aMessage({ id: 'other-event', event: 'alert.firing', bufferedAt: T0 }));
      await store().bufferMessage(aMessage({ id: 'other-flow', workflowId: 'change', bufferedAt: T0 }));
      await store().bufferMessage(
        aMessage({ id: 'this-flow', workflowId: 'access-request', bufferedAt: T0 + 30 }),
      );
      const first = await store().reserveBufferedMessage(asking);
      expect(first).toMatchObject({ id: 'oldest', reservedFor: 'inst-1', reservedAt: T0 + 1000 });
      expect(first?.takenAt).toBeUndefined();
      const order = [first?.id];
      for (let i = 0; i < 3; i += 1)
        order.push((await store().reserveBufferedMessage({ ...asking, instanceId: `inst-${i + 2}` }))?.id);
      expect(order).toEqual(['oldest', 'newer', 'this-flow', undefined]);
    });

    it('gives a message to one of many reservers at once', async () => {
      await store().bufferMessage(aMessage());
      // Another process over the same data where the adapter can open one, else the same store.
      const open = context.harness().openPeer;
      const peer = open ? await open() : store();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? store() : peer).reserveBufferedMessage({ ...asking, instanceId: `inst-${i}` }),
        ),
      );
      if (peer !== store()) await peer.close();
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('takes a message in the write of the step it caused, by the run it is reserved for only', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().createInstance(anInstance({ id: 'inst-2' }), { history: [] });
      await store().bufferMessage(aMessage());
      const token = (await store().reserveBufferedMessage(asking))!.reservationToken!;
      const stranger = {
        type: 'message.take',
        id: 'm-1',
        instanceId: 'inst-2',
        token,
        at: T0 + 2000,
      } as const;
      // Another run's take under this reservation is refused, with its whole step.
      expect(await store().commitSteps([aStep({ instanceId: 'inst-2', effects: [stranger] })])).toEqual([
        { ok: false, reason: 'reservation_lost' },
      ]);
      expect((await store().getInstance('inst-2'))?.rev).toBe(1);
      expect((await store().getBufferedMessage('m-1'))?.takenAt).toBeUndefined();
      const take = { ...stranger, instanceId: 'inst-1' };
      // A step that loses its rev check takes nothing.
      expect(await store().commitSteps([aStep({ expectedRev: 5, effects: [take] })])).toEqual([
        { ok: false, reason: 'conflict' },
      ]);
      expect((await store().getBufferedMessage('m-1'))?.takenAt).toBeUndefined();
      expect(await store().commitSteps([aStep({ effects: [take] })])).toEqual([{ ok: true, rev: 2 }]);
      expect(await store().getBufferedMessage('m-1')).toMatchObject({
        reservedFor: 'inst-1',
        takenAt: T0 + 2000,
      });
      expect(await store().releaseBufferedMessage('m-1', 'inst-1', token)).toBe(false);
      expect(await store().reserveBufferedMessage({ ...asking, instanceId: 'inst-2' })).toBeNull();
    });

    it('releases a reservation its run did not take, for the next run', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().bufferMessage(aMessage());
      const token = (await store().reserveBufferedMessage(asking))!.reservationToken!;
      expect(await store().releaseBufferedMessage('m-1', 'inst-2', token)).toBe(false);
      expect(await store().releaseBufferedMessage('m-1', 'inst-1', 'another-token')).toBe(false);
      expect(await store().releaseBufferedMessage('m-1', 'inst-1', token)).toBe(true);
      const again = await store().getBufferedMessage('m-1');
      expect(again?.reservedFor).toBeUndefined();
      expect(again?.reservationToken).toBeUndefined();
      expect(await store().reserveBufferedMessage({ ...asking, instanceId: 'inst-2' })).toMatchObject({
        id: 'm-1',
        reservedFor: 'inst-2',
      });
    });

    it('lists reservations left untaken past a time, oldest first', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().bufferMessage(aMessage({ id: 'a' }));
      await store().bufferMessage(aMessage({ id: 'b', bufferedAt: T0 + 1 }));
      await store().bufferMessage(aMessage({ id: 'c', bufferedAt: T0 + 2 }));
      const a = await store().reserveBufferedMessage({ ...asking, now: T0 + 100 });
      await store().reserveBufferedMessage({ ...asking, instanceId: 'inst-2', now: T0 + 50 });
      await store().reserveBufferedMessage({ ...asking, instanceId: 'inst-3', now: T0 + 500 });
      const token = a!.reservationToken!;
      await store().commitSteps([
        aStep({ effects: [{ type: 'message.take', id: 'a', instanceId: 'inst-1', token, at: T0 + 200 }] }),
      ]);
      const stale = await store().listStaleReservations({ reservedBefore: T0 + 500, limit: 10 });
      expect(stale.map((m) => [m.id, m.reservedFor])).toEqual([['b', 'inst-2']]);
      const all = await store().listStaleReservations({ reservedBefore: T0 + 501, limit: 1 });
      expect(all.map((m) => m.id)).toEqual(['b']);
    });

    it('purges expired messages in batches, keeping reservations still to be settled', async () => {
      await store().createInstance(anInstance(), { history: [] });
      for (const id of ['e1', 'e2', 'e3'])
        await store().bufferMessage(aMessage({ id, correlationKey: id, expiresAt: T0 + 100 }));
      await store().bufferMessage(aMessage({ id: 'live', expiresAt: T0 + 10_000 }));
      await store().bufferMessage(aMessage({ id: 'held', correlationKey: 'H', expiresAt: T0 + 100 }));
      await store().bufferMessage(aMessage({ id: 'taken', correlationKey: 'T', expiresAt: T0 + 100 }));
      await store().reserveBufferedMessage({ ...asking, correlationKey: 'H', instanceId: 'inst-9', now: T0 });
      const taken = await store().reserveBufferedMessage({ ...asking, correlationKey: 'T', now: T0 });
      const token = taken!.reservationToken!;
      await store().commitSteps([
        aStep({ effects: [{ type: 'message.take', id: 'taken', instanceId: 'inst-1', token, at: T0 + 1 }] }),
      ]);
      expect(await store().purgeExpiredMessages(T0 + 100, 2)).toBe(2);
      expect(await store().purgeExpiredMessages(T0 + 100, 2)).toBe(2);
      expect(await store().purgeExpiredMessages(T0 + 100, 2)).toBe(0);
      const left = await Promise.all(
        ['e1', 'e2', 'e3', 'live', 'held', 'taken'].map((id) => store().getBufferedMessage(id)),
      );
      expect(left.filter((m) => m !== null).map((m) => m.id)).toEqual(['live', 'held']);
    });
  });
}
