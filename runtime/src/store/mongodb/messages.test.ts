import type { Db, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { T0, aStep, anInstance } from '../contract/fixtures';
import type { CommitStep } from '../schemas/instance';
import { type StepHead, HEAD_PROJECTION, stepUpdate } from './commitSteps';
import { DEFAULT_CONSISTENCY, type MongoContext } from './context';
import { indexServing } from './indexCoverage';
import { inMemoryDb } from './inMemoryDb';
import type { InstanceDocument } from './instanceDocuments';
import {
  MESSAGES,
  type MessageDocument,
  messageCollections,
  messageDocument,
  purgeable,
  reservable,
  staleReservations,
  tokenEarlierReservations,
} from './messages';
import { allCollections, composeMongoStore } from './mongoStore';
import { INSTANCES } from './recovery';

const [spec] = messageCollections;
const asking = {
  event: 'alert.resolved',
  correlationKey: 'A-7',
  workflowId: 'access-request',
  instanceId: 'inst-1',
  now: T0,
};

const aMessage = {
  id: 'm-1',
  event: 'alert.resolved',
  correlationKey: 'A-7',
  payload: {},
  bufferedAt: T0,
  expiresAt: T0 + 600_000,
};

function storeInMemory() {
  const db: Db = inMemoryDb(allCollections);
  const context: MongoContext = { client: {} as MongoClient, db, consistency: DEFAULT_CONSISTENCY };
  return { db, store: composeMongoStore(context, { migrate: async () => {}, close: async () => {} }) };
}

describe('MongoDB buffered messages', () => {
  it('reserves along the partial index of free messages, and finds stale reservations and expired ones by index', () => {
    expect(indexServing(spec!, reservable(asking))).toBe('messages_free');
    expect(indexServing(spec!, { filter: staleReservations(T0), sort: { reservedAt: 1, _id: 1 } })).toBe(
      'messages_reserved',
    );
    expect(indexServing(spec!, { filter: purgeable(T0), sort: { expiresAt: 1 } })).toBe('messages_by_expiry');
  });

  it('never frees a message whose take a crash left unfinished in a committed step', async () => {
    const { db, store } = storeInMemory();
    await store.createInstance(anInstance(), { history: [] });
    await store.bufferMessage(aMessage);
    const token = (await store.reserveBufferedMessage(asking))!.reservationToken!;
    // The step that takes it commits (its compare-and-set), and the process dies before the take.
    const step: CommitStep = aStep({
      effects: [{ type: 'message.take', id: 'm-1', instanceId: 'inst-1', token, at: T0 + 1 }],
    });
    const instances = db.collection<InstanceDocument>(INSTANCES);
    const head = (await instances.findOne({ _id: 'inst-1' }, { projection: HEAD_PROJECTION })) as StepHead;
    const { filter, update } = stepUpdate(step, head, 'token');
    expect(await instances.findOneAndUpdate(filter, update, { returnDocument: 'after' })).not.toBeNull();
    expect((await store.getBufferedMessage('m-1'))?.takenAt).toBeUndefined();
    // Another replica finds the run not waiting any more and frees the message: the take comes first.
    expect(await store.releaseBufferedMessage('m-1', 'inst-1', token)).toBe(false);
    expect(await store.getBufferedMessage('m-1')).toMatchObject({ reservedFor: 'inst-1', takenAt: T0 + 1 });
    expect(await store.reserveBufferedMessage({ ...asking, instanceId: 'inst-2' })).toBeNull();
  });

  it('fences the take in the instance document: a step read before a release matches nothing after it', async () => {
    const { db, store } = storeInMemory();
    await store.createInstance(anInstance(), { history: [] });
    await store.bufferMessage(aMessage);
    const token = (await store.reserveBufferedMessage(asking))!.reservationToken!;
    const instances = db.collection<InstanceDocument>(INSTANCES);
    // A replica reads the head (its token still registered) and stalls before its compare-and-set.
    const head = (await instances.findOne({ _id: 'inst-1' }, { projection: HEAD_PROJECTION })) as StepHead;
    expect(head.reservationTokens).toEqual([token]);
    const step = aStep({
      effects: [{ type: 'message.take', id: 'm-1', instanceId: 'inst-1', token, at: T0 + 1 }],
    });
    const { filter, update } = stepUpdate(step, head, 'step-token');
    // Meanwhile the sweep frees the message and another run reserves it.
    expect(await store.releaseBufferedMessage('m-1', 'inst-1', token)).toBe(true);
    expect(await store.reserveBufferedMessage({ ...asking, instanceId: 'inst-2' })).toMatchObject({
      id: 'm-1',
    });
    expect(await instances.findOneAndUpdate(filter, update, { returnDocument: 'after' })).toBeNull();
    expect(await store.getInstance('inst-1')).toMatchObject({ rev: 1 });
    // Said before the compare-and-set when the head is read after the release.
    expect(await store.commitSteps([step])).toEqual([{ ok: false, reason: 'reservation_lost' }]);
  });

  it('gives reservations made before tokens one (schema version 7): the sweep can free them', async () => {
    const { db, store } = storeInMemory();
    await store.createInstance(anInstance(), { history: [] });
    await db.collection<MessageDocument>(MESSAGES).insertOne({
      ...messageDocument(aMessage),
      state: 'reserved',
      reservedFor: 'inst-1',
      reservedAt: T0,
    });
    await tokenEarlierReservations(db);
    const [stale] = await store.listStaleReservations({ reservedBefore: T0 + 1, limit: 10 });
    const token = stale!.reservationToken!;
    const take = { type: 'message.take', id: 'm-1', instanceId: 'inst-1', token, at: T0 + 1 } as const;
    // On no instance, so its take loses; freeing it under its token works.
    expect(await store.commitSteps([aStep({ effects: [take] })])).toEqual([
      { ok: false, reason: 'reservation_lost' },
    ]);
    expect(await store.releaseBufferedMessage('m-1', 'inst-1', token)).toBe(true);
    expect(await store.reserveBufferedMessage(asking)).toMatchObject({ id: 'm-1', reservedFor: 'inst-1' });
  });
});
