import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, aStep, anInstance } from '../contract/fixtures';
import { commitSteps } from './commitSteps';
import { SqlDatabase } from './database';
import { sqliteHistory } from './history';
import { sqliteInstances } from './instances';
import { migrate } from './migrations';
import { STEP_HEAD_COLUMNS, createStepHeads, type StepHeads } from './stepHeads';
import { directWrites } from './writeQueue';

const entry = (type: string) => ({ at: T0 + 1, type, data: { type } });

describe('steps written from a remembered head', () => {
  let dir: string;
  let db: SqlDatabase;
  let heads: StepHeads;
  let statements: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-heads-'));
    db = SqlDatabase.open(join(dir, 'store.db'), 1_000);
    migrate(db);
    heads = createStepHeads();
    statements = [];
    const get = db.get.bind(db);
    db.get = (sql, params) => {
      statements.push(sql);
      return get(sql, params);
    };
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const instances = () => sqliteInstances(db, directWrites(db), heads);
  const history = () => sqliteHistory(db);
  const headReads = () =>
    statements.filter((sql) => sql.startsWith(`SELECT ${STEP_HEAD_COLUMNS} FROM`)).length;

  it('skips the read of a row it created or read, and chains the history as with it', async () => {
    await instances().createInstance(anInstance(), { history: [entry('instance.started')] });
    const [first] = await instances().commitSteps([aStep({ history: [entry('first')] })]);
    expect(first).toEqual({ ok: true, rev: 2 });
    const [second] = await instances().commitSteps([aStep({ expectedRev: 2, history: [entry('second')] })]);
    expect(second).toEqual({ ok: true, rev: 3 });
    expect(headReads()).toBe(0);
    expect(await history().verifyHistory('inst-1')).toEqual({ ok: true, entries: 3 });
  });

  it('reads the row when the remembered head is stale at the same rev, and the chain stays whole', async () => {
    await instances().createInstance(anInstance(), { history: [entry('instance.started')] });
    // A step remembered, then rolled back with its transaction (a failed COMMIT would do this).
    db.exec('BEGIN IMMEDIATE');
    expect(commitSteps(db, [aStep({ history: [entry('lost')] })], heads)).toEqual([{ ok: true, rev: 2 }]);
    db.exec('ROLLBACK');
    // Another writer (a process without this memory) takes rev 2 with other content.
    db.exec('BEGIN IMMEDIATE');
    const other = aStep({
      history: [entry('other'), entry('more')],
      set: { ...aStep().set, currentNodes: ['elsewhere'] },
    });
    expect(commitSteps(db, [other])).toEqual([{ ok: true, rev: 2 }]);
    db.exec('COMMIT');

    const [third] = await instances().commitSteps([aStep({ expectedRev: 2, history: [entry('third')] })]);
    expect(third).toEqual({ ok: true, rev: 3 });
    // One read by the other writer, one by this step once its remembered head did not match.
    expect(headReads()).toBe(2);
    expect(await history().verifyHistory('inst-1')).toEqual({ ok: true, entries: 4 });
    expect((await history().readHistory('inst-1')).map((e) => e.type)).toEqual([
      'instance.started',
      'other',
      'more',
      'third',
    ]);
  });

  it('answers conflict when another writer moved the row past the remembered rev', async () => {
    await instances().createInstance(anInstance(), { history: [entry('instance.started')] });
    db.exec('BEGIN IMMEDIATE');
    commitSteps(db, [aStep({ history: [entry('other')] })]);
    db.exec('COMMIT');
    expect(await instances().commitSteps([aStep({ history: [entry('late')] })])).toEqual([
      { ok: false, reason: 'conflict' },
    ]);
    // The read taught it the row as it is: the retry at the new rev needs no second read.
    expect(await instances().commitSteps([aStep({ expectedRev: 2, history: [entry('retry')] })])).toEqual([
      { ok: true, rev: 3 },
    ]);
    // One read by the other writer, one by the late step; none by the retry.
    expect(headReads()).toBe(2);
    expect(await history().verifyHistory('inst-1')).toEqual({ ok: true, entries: 3 });
  });

  it('tells the change feed what changed, from the remembered status and nodes', async () => {
    await instances().createInstance(anInstance(), { history: [] });
    await instances().commitSteps([aStep()]);
    await instances().commitSteps([
      aStep({ expectedRev: 2, set: { ...aStep().set, status: 'completed', currentNodes: [] } }),
    ]);
    const kinds = db
      .all('SELECT data FROM changes ORDER BY seq')
      .map((row) => JSON.parse(String(row['data'])));
    expect(kinds.map((change: { kind: string }) => change.kind)).toEqual(['started', 'moved', 'completed']);
    expect(kinds[2]).toMatchObject({ workflowId: 'access-request', startedBy: 'ada', status: 'completed' });
    expect(headReads()).toBe(0);
  });

  it('forgets the oldest heads beyond its capacity', () => {
    const small = createStepHeads(2);
    const head = { ...anInstanceHead(), rev: 1 };
    small.set('a', head);
    small.set('b', head);
    small.set('a', head);
    small.set('c', head);
    expect([small.get('a'), small.get('b'), small.get('c')].map(Boolean)).toEqual([true, false, true]);
  });
});

function anInstanceHead() {
  return {
    rev: 1,
    historySeq: 0,
    historyHash: '0'.repeat(64),
    status: 'running',
    currentNodes: '[]',
    correlationKeys: '[]',
    workflowId: 'w',
    startedBy: null,
  };
}
