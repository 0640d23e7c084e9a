import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { aTask } from '../store/testing';
import { ArchiveRecordSchema } from './archiveRecord';
import type { PrunePass } from './prunePasses';
import { runPrune } from './pruneRun';
import { openTestStore, storeInstance } from './testStore';

const DAY = 86_400_000;
const T0 = 1_750_000_000_000;
const CUTOFF = T0 + 30 * DAY;
const pass = (mode: PrunePass['mode'] = 'delete'): PrunePass => ({
  policy: 'global',
  mode,
  days: 30,
  query: { endedBefore: CUTOFF },
});

const readArchive = (directory: string) =>
  readdirSync(directory).flatMap((name) =>
    gunzipSync(readFileSync(join(directory, name)))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => ArchiveRecordSchema.parse(JSON.parse(line))),
  );

describe('a prune run', () => {
  let store: Store;
  let directory: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, directory, cleanup } = await openTestStore());
  });
  afterEach(() => cleanup());

  const deps = (overrides: Partial<Parameters<typeof runPrune>[0]> = {}) => ({
    store,
    now: () => CUTOFF + DAY,
    batchSize: 2,
    pauseMs: 0,
    archiveDir: join(directory, 'archive'),
    ...overrides,
  });

  it('removes ended instances past the cutoff in batches, and keeps newer and running ones', async () => {
    for (let n = 0; n < 5; n += 1) await storeInstance(store, `old-${n}`, T0 + n * DAY);
    await storeInstance(store, 'recent', CUTOFF + 1);
    await storeInstance(store, 'waiting', T0, { status: 'running' });
    const [outcome] = await runPrune(deps(), [pass()]);
    expect(outcome).toMatchObject({ deleted: 5, archived: 0, batches: 3, cutoff: CUTOFF });
    expect(await store.getInstance('old-0')).toBeNull();
    expect(await store.getInstance('recent')).not.toBeNull();
    expect(await store.getInstance('waiting')).not.toBeNull();
  });

  it('keeps an ended instance whose task is still open', async () => {
    await storeInstance(store, 'open-task', T0);
    await store.createTask(aTask({ id: 'open-task:t', instanceId: 'open-task' }));
    const [outcome] = await runPrune(deps(), [pass()]);
    expect(outcome?.deleted).toBe(0);
    expect(await store.getInstance('open-task')).not.toBeNull();
  });

  it('writes each batch to the archive, on disk, before deleting it', async () => {
    for (let n = 0; n < 3; n += 1) await storeInstance(store, `a-${n}`, T0, { entries: 10 });
    await store.createTask(aTask({ id: 'a-0:t', instanceId: 'a-0' }));
    await store.cancelTasks('a-0');
    const archiveDir = join(directory, 'archive');
    const seenBeforeDelete: string[][] = [];
    const watched: Store = {
      ...store,
      async pruneInstances(ids, endedBefore) {
        seenBeforeDelete.push(readArchive(archiveDir).map((record) => record.instance.id));
        return store.pruneInstances(ids, endedBefore);
      },
    };
    const [outcome] = await runPrune(deps({ store: watched }), [pass('archive')]);
    expect(outcome).toMatchObject({ deleted: 3, archived: 3, batches: 2 });
    expect(seenBeforeDelete).toEqual([
      ['a-0', 'a-1'],
      ['a-0', 'a-1', 'a-2'],
    ]);
    const records = readArchive(archiveDir);
    expect(records[0]).toMatchObject({ policy: 'global', instance: { id: 'a-0', status: 'completed' } });
    expect(records[0]?.history).toHaveLength(10);
    expect(records[0]?.tasks).toMatchObject([{ id: 'a-0:t', status: 'cancelled' }]);
    expect(outcome?.archiveFile).toMatch(/instances-.*\.jsonl\.gz$/);
  });

  it('deletes nothing of a pass whose archive cannot be written, and still runs the next passes', async () => {
    await storeInstance(store, 'kept', T0);
    await storeInstance(store, 'other', T0, { workflowId: 'other' });
    const notADirectory = join(directory, 'file');
    writeFileSync(notADirectory, '');
    const archivePass: PrunePass = {
      ...pass('archive'),
      query: { endedBefore: CUTOFF, exceptWorkflowIds: ['other'] },
    };
    const deletePass: PrunePass = {
      ...pass(),
      policy: 'other',
      query: { endedBefore: CUTOFF, workflowId: 'other' },
    };
    const [archived, deleted] = await runPrune(deps({ archiveDir: notADirectory }), [
      archivePass,
      deletePass,
    ]);
    expect(archived).toMatchObject({ deleted: 0, archived: 0, error: expect.stringMatching(/archive file/) });
    expect(deleted).toMatchObject({ policy: 'other', deleted: 1 });
    expect(await store.getInstance('kept')).not.toBeNull();
    expect(await store.getInstance('other')).toBeNull();
  });

  it('lets other work run between batches', async () => {
    for (let n = 0; n < 6; n += 1) await storeInstance(store, `y-${n}`, T0);
    const order: string[] = [];
    let ticking = true;
    const tick = () => {
      if (!ticking) return;
      order.push('other');
      setImmediate(tick);
    };
    setImmediate(tick);
    const watched: Store = {
      ...store,
      listPrunableInstances: (query) => {
        order.push('batch');
        return store.listPrunableInstances(query);
      },
    };
    await runPrune(deps({ store: watched }), [pass()]);
    ticking = false;
    const batches = order.map((what, at) => (what === 'batch' ? at : -1)).filter((at) => at >= 0);
    for (let n = 1; n < batches.length; n += 1)
      expect(order.slice(batches[n - 1], batches[n])).toContain('other');
  });

  it('ends after the current batch when the process stops', async () => {
    for (let n = 0; n < 6; n += 1) await storeInstance(store, `s-${n}`, T0);
    let batches = 0;
    const [outcome] = await runPrune(
      deps({
        stopping: () => batches >= 1,
        store: {
          ...store,
          pruneInstances: async (ids, at) => ((batches += 1), store.pruneInstances(ids, at)),
        },
      }),
      [pass()],
    );
    expect(outcome?.deleted).toBe(2);
  });
});
