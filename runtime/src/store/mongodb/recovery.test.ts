import type { Db, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { T0, aStep, aTask, anInstance } from '../contract/fixtures';
import type { Store } from '../port';
import type { CommitStep } from '../schemas/instance';
import { type StepHead, HEAD_PROJECTION, stepUpdate } from './commitSteps';
import { DEFAULT_CONSISTENCY, type MongoContext } from './context';
import { applyEffects } from './effects';
import { HISTORY, type HistoryDocument } from './history';
import type { InstanceDocument } from './instanceDocuments';
import { inMemoryDb } from './inMemoryDb';
import { allCollections, composeMongoStore } from './mongoStore';
import { INSTANCES, finishRecords } from './recovery';
import { TASKS, type TaskDocument } from './recordDocuments';
import { CHANGE_LOG } from './changes';
import { allocate, append, readLog } from './sequence';

function setUp(): { db: Db; context: MongoContext; store: Store } {
  const db = inMemoryDb(allCollections);
  const context: MongoContext = { client: {} as MongoClient, db, consistency: DEFAULT_CONSISTENCY };
  const store = composeMongoStore(context, { gapWaitMs: 20, migrate: async () => {}, close: async () => {} });
  return { db, context, store };
}

/** What a process does before it dies: the step's compare-and-set, and nothing after it. */
async function commitAndCrash(db: Db, step: CommitStep): Promise<void> {
  const instances = db.collection<InstanceDocument>(INSTANCES);
  const head = (await instances.findOne(
    { _id: step.instanceId },
    { projection: HEAD_PROJECTION },
  )) as StepHead;
  const { filter, update } = stepUpdate(step, head, 'token');
  expect(await instances.findOneAndUpdate(filter, update, { returnDocument: 'after' })).not.toBeNull();
}

const taskOf = (db: Db, id: string) => db.collection<TaskDocument>(TASKS).findOne({ _id: id });

describe('finishing what a crash left after a committed step', () => {
  const effects = [{ type: 'task.create' as const, task: aTask() }];
  const history = [{ at: T0 + 1, type: 'task.created', data: {} }];

  it('shows the step at once, and applies its effects, history and change on the next recovery', async () => {
    const { db, store } = setUp();
    await store.createInstance(anInstance(), { history: [] });
    await commitAndCrash(db, aStep({ effects, history }));
    // Committed: the state, and its history (read from the instance document) are there already.
    expect((await store.getInstance('inst-1'))?.rev).toBe(2);
    expect((await store.readHistory('inst-1')).map((entry) => entry.type)).toEqual(['task.created']);
    expect(await store.verifyHistory('inst-1')).toEqual({ ok: true, entries: 1 });
    expect(await taskOf(db, 'task-1')).toBeNull();

    await store.listUndispatched({ limit: 10 });
    expect(await taskOf(db, 'task-1')).toMatchObject({ status: 'open', workflowId: 'access-request' });
    expect(await db.collection<HistoryDocument>(HISTORY).countDocuments({ instanceId: 'inst-1' })).toBe(1);
    const instance = await db.collection<InstanceDocument>(INSTANCES).findOne({ _id: 'inst-1' });
    expect(instance?.['pending']).toEqual([]);
    expect(instance).not.toHaveProperty('pendingAt');
    expect((await store.readChanges(0, 10)).map((c) => `${c.type}.${c.kind}`)).toEqual([
      'instance.started',
      'task.created',
      'instance.moved',
    ]);
  });

  it('leaves records younger than the sweep to their committer', async () => {
    const { db, store } = setUp();
    await store.createInstance(anInstance(), { history: [] });
    await commitAndCrash(db, aStep({ effects }));
    await store.listUndispatched({ limit: 10, updatedBefore: T0 + 1000 });
    expect(await taskOf(db, 'task-1')).toBeNull();
    await store.listUndispatched({ limit: 10, updatedBefore: T0 + 1001 });
    expect(await taskOf(db, 'task-1')).not.toBeNull();
  });

  it('finishes a leftover record before the next step of the same instance, in rev order', async () => {
    const { db, store } = setUp();
    await store.createInstance(anInstance(), { history: [] });
    await commitAndCrash(db, aStep({ effects }));
    const cancel = [{ type: 'task.cancel' as const, instanceId: 'inst-1', at: T0 + 2 }];
    const next = aStep({ expectedRev: 2, set: { ...aStep().set, currentNodes: ['done'] }, effects: cancel });
    expect(await store.commitSteps([next])).toEqual([{ ok: true, rev: 3 }]);
    expect(await taskOf(db, 'task-1')).toMatchObject({ status: 'cancelled', closedAt: T0 + 2 });
    expect((await store.readChanges(0, 10)).map((c) => `${c.type}.${c.kind}`)).toEqual([
      'instance.started',
      'task.created',
      'instance.moved',
      'task.cancelled',
      'instance.moved',
    ]);
  });

  it('finishing the same records twice (committer and recoverer at once) writes everything once', async () => {
    const { db, context, store } = setUp();
    await store.createInstance(anInstance(), { history: [] });
    await commitAndCrash(db, aStep({ effects, history }));
    const left = await db.collection<InstanceDocument>(INSTANCES).findOne({ _id: 'inst-1' });
    if (!left) throw new Error('no instance');
    const first = await finishRecords(context, left);
    const second = await finishRecords(context, left);
    expect(second).toEqual(first);
    await store.listUndispatched({ limit: 10 });
    expect(await db.collection<HistoryDocument>(HISTORY).countDocuments({ instanceId: 'inst-1' })).toBe(1);
    expect((await store.readChanges(0, 10)).filter((c) => c.type === 'task')).toHaveLength(1);
  });

  it("never lets an earlier step's effect, finished late, undo a later step's", async () => {
    const { db, context, store } = setUp();
    await store.createInstance(anInstance(), { history: [] });
    const source = (rev: number) => ({ instanceId: 'inst-1', workflowId: 'access-request', version: 1, rev });
    // Rev 3 opened a new task at the node rev 2 had cancelled; rev 2's cancel is then finished late.
    await applyEffects(context, source(3), [
      { type: 'task.create', task: aTask({ id: 'again', nodeId: 'review' }) },
    ]);
    await applyEffects(context, source(2), [{ type: 'task.cancel', instanceId: 'inst-1', nodeId: 'review' }]);
    expect(await taskOf(db, 'again')).toMatchObject({ status: 'open' });
    // A delegation of rev 4 is not undone by rev 3's delegation back, finished after it.
    const grace = { type: 'user' as const, id: 'grace' };
    const olga = { type: 'user' as const, id: 'olga' };
    await applyEffects(context, source(4), [{ type: 'task.delegate', id: 'again', from: grace, to: olga }]);
    await applyEffects(context, source(3), [{ type: 'task.delegate', id: 'again', from: olga, to: grace }]);
    expect(await taskOf(db, 'again')).toMatchObject({ assignee: olga });
  });
});

describe('the sequenced log over the stand-in', () => {
  it('closes a hole its writer left (crashed between numbering and writing) after waiting, and reads on', async () => {
    const { context } = setUp();
    await append(context, CHANGE_LOG, [{ key: 'a', fields: { n: 1 } }]);
    await allocate(context, CHANGE_LOG, 1); // numbered, never written
    await append(context, CHANGE_LOG, [{ key: 'c', fields: { n: 3 } }]);
    expect((await readLog(context, CHANGE_LOG, 0, 10, { gapWaitMs: 20 })).map((e) => e.key)).toEqual(['a']);
    expect((await readLog(context, CHANGE_LOG, 1, 10, { gapWaitMs: 20 })).map((e) => [e._id, e.key])).toEqual(
      [[3, 'c']],
    );
    const closed = await context.db.collection<{ _id: number }>(CHANGE_LOG.collection).findOne({ _id: 2 });
    expect(closed).toMatchObject({ skipped: true });
  });

  it('keeps an entry appended twice once, closing the second seq it took', async () => {
    const { context } = setUp();
    await append(context, CHANGE_LOG, [{ key: 'a', fields: {} }]);
    await append(context, CHANGE_LOG, [
      { key: 'a', fields: {} },
      { key: 'b', fields: {} },
    ]);
    expect((await readLog(context, CHANGE_LOG, 0, 10)).map((e) => [e._id, e.key])).toEqual([
      [1, 'a'],
      [3, 'b'],
    ]);
  });
});
