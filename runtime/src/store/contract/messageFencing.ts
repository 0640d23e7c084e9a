import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Store } from '../port';
import type { StoreEffect } from '../schemas/effect';
import type { NewBufferedMessage } from '../schemas/message';
import type { ContractContext } from './context';
import { T0, aStep, anInstance } from './fixtures';

const aMessage = (overrides: Partial<NewBufferedMessage> = {}): NewBufferedMessage => ({
  id: 'm-1',
  event: 'alert.resolved',
  correlationKey: 'A-7',
  payload: { note: 'disk freed' },
  bufferedAt: T0,
  expiresAt: T0 + 600_000,
  ...overrides,
});

const asking = (instanceId: string, correlationKey = 'A-7') => ({
  event: 'alert.resolved',
  correlationKey,
  workflowId: 'access-request',
  instanceId,
  now: T0 + 1000,
});

const take = (instanceId: string, token: string, id = 'm-1') =>
  ({ type: 'message.take', id, instanceId, token, at: T0 + 2000 }) as const;

/**
 * The take is fenced by the reservation's token: a step computed under a reservation that was
 * released since (its process stalled past the sweep) or already taken under writes nothing, so
 * no interleaving lets two runs, or one run twice, take one message.
 */
export function describeMessageFencing(context: ContractContext): void {
  const { store } = context;
  describe('buffered messages: the take is fenced by its reservation', () => {
    it('refuses, whole, the step of a holder whose reservation was released and given to another run', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().createInstance(anInstance({ id: 'inst-2' }), { history: [] });
      await store().bufferMessage(aMessage());
      const first = (await store().reserveBufferedMessage(asking('inst-1')))!.reservationToken!;
      // The sweep found inst-1 not waiting and freed the message; inst-2 reserved it.
      expect(await store().releaseBufferedMessage('m-1', 'inst-1', first)).toBe(true);
      const second = (await store().reserveBufferedMessage(asking('inst-2')))!.reservationToken!;
      expect(second).not.toBe(first);
      // inst-1 waits for the event again; the stalled holder's step comes now.
      const timer = { id: 'inst-1:t1', instanceId: 'inst-1', timerId: 't1', fireAt: T0 + 60_000 };
      const effects: StoreEffect[] = [{ type: 'timer.schedule', timer }, take('inst-1', first)];
      const stalled = aStep({
        effects,
        commands: [{ id: 'inst-1:2:0', type: 'job.start' }],
        history: [{ at: T0 + 2000, type: 'event.received', data: { note: 'disk freed' } }],
      });
      expect(await store().commitSteps([stalled])).toEqual([{ ok: false, reason: 'reservation_lost' }]);
      expect(await store().getInstance('inst-1')).toMatchObject({ rev: 1, outbox: [] });
      expect(await store().readHistory('inst-1')).toEqual([]);
      expect(await store().getTimer(timer.id)).toBeNull();
      expect(
        await store().commitSteps([aStep({ instanceId: 'inst-2', effects: [take('inst-2', second)] })]),
      ).toEqual([{ ok: true, rev: 2 }]);
      expect(await store().getBufferedMessage('m-1')).toMatchObject({
        reservedFor: 'inst-2',
        takenAt: T0 + 2000,
      });
    });

    it('gives each reservation a new token: an earlier one of the same run cannot take', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().bufferMessage(aMessage());
      const first = (await store().reserveBufferedMessage(asking('inst-1')))!.reservationToken!;
      expect(await store().releaseBufferedMessage('m-1', 'inst-1', first)).toBe(true);
      const second = (await store().reserveBufferedMessage(asking('inst-1')))!.reservationToken!;
      expect(second).not.toBe(first);
      expect(await store().commitSteps([aStep({ effects: [take('inst-1', first)] })])).toEqual([
        { ok: false, reason: 'reservation_lost' },
      ]);
      // A release under the earlier token frees nothing either.
      expect(await store().releaseBufferedMessage('m-1', 'inst-1', first)).toBe(false);
      expect(await store().commitSteps([aStep({ effects: [take('inst-1', second)] })])).toEqual([
        { ok: true, rev: 2 },
      ]);
    });

    it('takes under one reservation once: a second step under its token is refused', async () => {
      await store().createInstance(anInstance(), { history: [] });
      await store().bufferMessage(aMessage());
      const token = (await store().reserveBufferedMessage(asking('inst-1')))!.reservationToken!;
      // The reserver and the sweep step the run at once: one wins, the other is refused (its rev
      // moved on, or its reservation is taken; either way it writes nothing).
      const [won, refused] = await store().commitSteps([
        aStep({ effects: [take('inst-1', token)] }),
        aStep({ effects: [take('inst-1', token)] }),
      ]);
      expect(won).toEqual({ ok: true, rev: 2 });
      expect(refused).toMatchObject({ ok: false });
      expect(
        await store().commitSteps([aStep({ expectedRev: 2, effects: [take('inst-1', token)] })]),
      ).toEqual([{ ok: false, reason: 'reservation_lost' }]);
      expect((await store().getInstance('inst-1'))?.rev).toBe(2);
    });

    it('takes a message at most once and loses none, whatever the order of reserves, releases and takes', async () => {
      const open = context.harness().openPeer;
      const peer = open ? await open() : store();
      const via = (other: boolean): Store => (other ? peer : store());
      const operation = fc.record({
        kind: fc.constantFrom('reserve', 'release', 'take'),
        // The run asking (reserve), or the reservation handed out earlier a step or release names.
        pick: fc.nat({ max: 5 }),
        other: fc.boolean(),
      });
      let round = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 14 }), async (operations) => {
            round += 1;
            const runs = [0, 1, 2].map((i) => `r${round}-${i}`);
            for (const id of runs) await store().createInstance(anInstance({ id }), { history: [] });
            const id = `m-${round}`;
            const key = `K-${round}`;
            await store().bufferMessage(aMessage({ id, correlationKey: key }));
            // Every reservation handed out, current or not: a holder may stall and come back.
            const handed: { instanceId: string; token: string }[] = [];
            const takers: string[] = [];
            for (const { kind, pick, other } of operations) {
              const holder = handed[pick % Math.max(1, handed.length)];
              if (kind === 'reserve') {
                const reserved = await via(other).reserveBufferedMessage(asking(runs[pick % 3]!, key));
                if (reserved)
                  handed.push({ instanceId: reserved.reservedFor!, token: reserved.reservationToken! });
              } else if (kind === 'release' && holder) {
                await via(other).releaseBufferedMessage(id, holder.instanceId, holder.token);
              } else if (kind === 'take' && holder) {
                const { rev } = (await via(other).getInstance(holder.instanceId))!;
                const [result] = await via(other).commitSteps([
                  aStep({
                    instanceId: holder.instanceId,
                    expectedRev: rev,
                    effects: [take(holder.instanceId, holder.token, id)],
                  }),
                ]);
                if (result!.ok) takers.push(holder.instanceId);
                else expect(result).toEqual({ ok: false, reason: 'reservation_lost' });
              }
              expect(takers.length).toBeLessThanOrEqual(1);
            }
            const message = await store().getBufferedMessage(id);
            if (takers.length === 1) {
              expect(message).toMatchObject({ reservedFor: takers[0], takenAt: T0 + 2000 });
              return;
            }
            expect(message?.takenAt).toBeUndefined();
            // Not lost: its reservation, if any, can be settled, and the message reserved again.
            if (message?.reservedFor !== undefined)
              expect(
                await store().releaseBufferedMessage(id, message.reservedFor, message.reservationToken!),
              ).toBe(true);
            expect((await store().reserveBufferedMessage(asking(runs[0]!, key)))?.id).toBe(id);
          }),
          { numRuns: 40 },
        );
      } finally {
        if (peer !== store()) await peer.close();
      }
    });
  });
}
