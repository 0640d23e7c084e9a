import { waitingFor, type AwaitedEvent, type EngineEvent, type PersistedState } from '@flowline/engine';
import type { Clock } from '../clock';
import type { SendOutcome } from '../executor/executor';
import type { Logger } from '../observability/logger';
import {
  isStoreError,
  type BufferedMessage,
  type Instance,
  type NewBufferedMessage,
  type Store,
  type StoreEffect,
} from '../store';

export interface MessageBufferDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Steps a run with the event, committing the effects in the step's write; undefined: no such run. */
  readonly send: (
    instanceId: string,
    event: EngineEvent,
    effects: readonly StoreEffect[],
  ) => Promise<SendOutcome | undefined>;
  /** How long a reservation may wait for its step before the sweep settles it (a crash in between). */
  readonly staleAfterMs?: number;
}

/**
 * Far longer than a step takes; a reservation this old was left by a crash, a failed step or a
 * stalled process. Settling one early is safe (the take is fenced by the reservation's token), only
 * wasted work.
 */
export const STALE_RESERVATION_MS = 60_000;
const STALE_BATCH = 100;
/** Takes of one offer that may lose their reservation before it gives up (each needs another's sweep). */
const LOST_TAKES_RETRIED = 3;

/**
 * What delivering a reserved message did: the run took it (`waitsAgain`: it waits for the same
 * event and key again, a loop); it does not wait for it; or its take lost the reservation (settled
 * by another process meanwhile) and wrote nothing. `freed`: the message was freed for other runs.
 */
type Delivery =
  | { kind: 'taken'; waitsAgain: boolean; instance: Instance }
  | { kind: 'notWaiting'; freed: boolean }
  | { kind: 'lost'; freed: boolean };

/**
 * Events kept for runs that are not waiting yet. A run that starts waiting for an event and key
 * reserves the oldest message kept for it (one run per message, across replicas) and takes it with
 * the step it causes: the `message.take` effect rides in that step's write under the reservation's
 * token, and the message id is remembered in the run's state. A reservation outlives a crash
 * before the step; the sweep (`settleStale`) then steps the run it names, or frees the message when
 * that run no longer waits for it. A process that stalls past the sweep and steps the run later
 * loses its take (the token is no longer current) and commits nothing, so no message is taken by
 * two runs, whatever the interleaving.
 */
export function createMessageBuffer(deps: MessageBufferDeps) {
  const { store, clock, logger } = deps;
  const staleAfterMs = deps.staleAfterMs ?? STALE_RESERVATION_MS;
  const underway = new Set<Promise<unknown>>();

  const track = (work: Promise<unknown>) => {
    const tracked = work
      .catch((error: unknown) => logger.error({ err: error }, 'offering a buffered message failed'))
      .finally(() => underway.delete(tracked));
    underway.add(tracked);
  };

  /**
   * Steps the run with the message it reserved, taking it under the reservation's token. Throws
   * when the step could not be made (the reservation stays, for the sweep).
   */
  async function deliver(message: BufferedMessage, instanceId: string): Promise<Delivery> {
    const token = message.reservationToken;
    // Only a reserved message is delivered; one without a token has no reservation to take under.
    if (token === undefined) return { kind: 'lost', freed: false };
    const at = clock.now();
    let outcome: SendOutcome | undefined;
    try {
      outcome = await deps.send(
        instanceId,
        {
          type: 'event.received',
          event: message.event,
          correlationKey: message.correlationKey,
          payload: message.payload,
          messageId: message.id,
          at,
        },
        [{ type: 'message.take', id: message.id, instanceId, token, at }],
      );
    } catch (error) {
      if (!isStoreError(error, 'RESERVATION_LOST')) throw error;
      // The reservation was settled by someone else while this step was made (a stall past the
      // sweep): the step wrote nothing. Freeing under the token only frees what no one settled.
      return { kind: 'lost', freed: await store.releaseBufferedMessage(message.id, instanceId, token) };
    }
    if (outcome?.changed && outcome.instance) {
      const key = `${message.event}:${message.correlationKey}`;
      const waitsAgain =
        outcome.instance.status === 'running' && outcome.instance.correlationKeys.includes(key);
      return { kind: 'taken', waitsAgain, instance: outcome.instance };
    }
    // Not waiting (or it took this message already). False: taken, or no longer this reservation.
    return { kind: 'notWaiting', freed: await store.releaseBufferedMessage(message.id, instanceId, token) };
  }

  /**
   * Gives the run the oldest message kept for what it waits for, if any. True: it took one.
   * `tried` holds the runs this offer has asked already, so a message no run takes ends its walk.
   */
  async function takeFor(
    instance: Pick<Instance, 'id' | 'workflowId'>,
    awaited: AwaitedEvent,
    tried: Set<string> = new Set(),
  ): Promise<boolean> {
    tried.add(instance.id);
    let took = false;
    let lost = 0;
    // A run that waits for the same event again after taking one (a loop) takes the next one too:
    // its keys did not change, so no commit would offer it. A take that lost its reservation asks
    // again: the run may still wait (a reservation is only settled by others after a long stall).
    for (;;) {
      const message = await store.reserveBufferedMessage({
        event: awaited.event,
        correlationKey: awaited.correlationKey,
        workflowId: instance.workflowId,
        instanceId: instance.id,
        now: clock.now(),
      });
      if (!message) return took;
      const delivery = await deliver(message, instance.id);
      if (delivery.kind === 'taken') {
        took = true;
        if (!delivery.waitsAgain) return true;
      } else if (delivery.kind === 'notWaiting') {
        if (delivery.freed) await offerToWaiting(message, tried);
        return took;
      } else if ((lost += 1) >= LOST_TAKES_RETRIED) {
        if (delivery.freed) await offerToWaiting(message, tried);
        return took;
      }
    }
  }

  /**
   * Offers what is kept for this event and key to the runs waiting for it now: closes the gap of a
   * run that started waiting while the message was being stored, or that asked while another run
   * held it reserved.
   */
  async function offerToWaiting(
    message: BufferedMessage | NewBufferedMessage,
    tried: Set<string> = new Set(),
  ): Promise<number> {
    const awaited = { event: message.event, correlationKey: message.correlationKey };
    const waiting = (
      await store.findInstancesByCorrelation(`${message.event}:${message.correlationKey}`)
    ).filter(
      (run) =>
        !tried.has(run.id) &&
        run.status === 'running' &&
        (message.workflowId === undefined || run.workflowId === message.workflowId),
    );
    let taken = 0;
    for (const run of waiting) if (!tried.has(run.id) && (await takeFor(run, awaited, tried))) taken += 1;
    return taken;
  }

  return {
    /**
     * Stores a message no run took (idempotent by id), then offers it to runs that began waiting
     * meanwhile. `created` is false for a retried send; the message is answered as it is after
     * the offer (`takenAt` when a run took it).
     */
    async keep(message: NewBufferedMessage): Promise<{ message: BufferedMessage; created: boolean }> {
      const stored = await store.bufferMessage(message);
      if (!stored.created || (await offerToWaiting(stored.message)) === 0) return stored;
      return { ...stored, message: (await store.getBufferedMessage(message.id)) ?? stored.message };
    },

    /**
     * Records a message with the sender's id as sent (until it would expire), once it was
     * delivered or before it is kept: true the first time, false for the sender's retry. A retry
     * of a message that reached runs directly is then not kept for others.
     */
    firstSending(id: string, expiresAt: number): Promise<boolean> {
      return store.consumeOnce({ namespace: 'message-sent', key: id, expiresAt });
    },

    /**
     * Told of each committed step: a run that now waits for an event it did not wait for before
     * is offered what is kept for it, after the step's own lock is let go (not awaited).
     */
    committed(instance: Instance, before: readonly string[]): void {
      if (instance.status !== 'running' || instance.correlationKeys.length === 0) return;
      const had = new Set(before);
      if (instance.correlationKeys.every((key) => had.has(key))) return;
      const fresh = waitingFor(instance.snapshot as PersistedState).filter(
        (awaited) => !had.has(`${awaited.event}:${awaited.correlationKey}`),
      );
      if (fresh.length === 0) return;
      track(
        (async () => {
          // Each in turn: one the run no longer waits for after an earlier take is freed again.
          for (const awaited of fresh) await takeFor(instance, awaited);
        })(),
      );
    },

    /**
     * Settles reservations older than the stale age: steps the run each names (it takes the
     * message if it still waits, exactly once), or frees the message for the runs waiting now.
     * Returns how many it settled.
     */
    async settleStale(): Promise<number> {
      const stale = await store.listStaleReservations({
        reservedBefore: clock.now() - staleAfterMs,
        limit: STALE_BATCH,
      });
      let settled = 0;
      for (const message of stale) {
        const run = message.reservedFor!;
        try {
          const delivery = await deliver(message, run);
          const awaited = { event: message.event, correlationKey: message.correlationKey };
          // A loop that waits again takes what else is kept for it, as after any take.
          if (delivery.kind === 'taken' && delivery.waitsAgain) await takeFor(delivery.instance, awaited);
          // A run found not waiting is not asked again; one whose take was fenced may still wait.
          else if (delivery.kind !== 'taken' && delivery.freed)
            await offerToWaiting(message, new Set(delivery.kind === 'notWaiting' ? [run] : []));
          settled += 1;
        } catch (error) {
          logger.warn(
            { err: error, messageId: message.id },
            'a stale message reservation could not be settled yet',
          );
        }
      }
      return settled;
    },

    /** Resolves once the offers under way are done; for tests and shutdown. */
    async idle(): Promise<void> {
      while (underway.size > 0) await Promise.all([...underway]);
    },
  };
}

export type MessageBuffer = ReturnType<typeof createMessageBuffer>;
