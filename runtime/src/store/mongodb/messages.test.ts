import type { Db, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { T0, aStep, anInstance } from '../contract/fixtures';
import type { CommitStep } from '../schemas/instance';
import { type StepHead, HEAD_PROJECTION, stepUpdate } from './commitSteps';
import { DEFAULT_CONSISTENCY, type MongoContext } from './context';
import { indexServing } from './indexCoverage';
import { inMemoryDb } from './inMemoryDb';
import type { InstanceDocument } from './instanceDocuments';
import { messageCollections, purgeable, reservable, staleReservations } from './messages';
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

describe('MongoDB buffered messages', () => {
  it('reserves along the partial index of free messages, and finds stale reservations and expired ones by index', () => {
    expect(indexServing(spec!, reservable(asking))).toBe('messages_free');
    expect(indexServing(spec!, { filter: staleReservations(T0), sort: { reservedAt: 1, _id: 1 } })).toBe(
      'messages_reserved',
    );
    expect(indexServing(spec!, { filter: purgeable(T0), sort: { expiresAt: 1 } })).toBe('messages_by_expiry');
  });

  it('never frees a message whose take a crash left unfinished in a committed step', async () => {
    const db: Db = inMemoryDb(allCollections);
    const context: MongoContext = { client: {} as MongoClient, db, consistency: DEFAULT_CONSISTENCY };
    const store = composeMongoStore(context, { migrate: async () => {}, close: async () => {} });
    await store.createInstance(anInstance(), { history: [] });
    await store.bufferMessage({
      id: 'm-1',
      event: 'alert.resolved',
      correlationKey: 'A-7',
      payload: {},
      bufferedAt: T0,
      expiresAt: T0 + 600_000,
    });
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
});
