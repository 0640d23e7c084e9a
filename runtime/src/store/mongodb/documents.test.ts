import { describe, expect, it } from 'vitest';
import { emptyChainHead } from '../historyChain';
import { T0, aJob, aTask, anInstance } from '../contract/fixtures';
import {
  SUMMARY_PROJECTION,
  fromInstanceDocument,
  fromSummaryDocument,
  stepRecord,
  toInstanceDocument,
} from './instanceDocuments';
import { fromHistoryDocument, historyDocument } from './history';
import {
  fromJobDocument,
  fromTaskDocument,
  fromTimerDocument,
  jobDocument,
  storedDecision,
  taskDocument,
  timerDocument,
} from './recordDocuments';
import { chainHistory } from '../historyChain';

/** What the driver would store and give back: BSON keeps key order and drops nothing else we use. */
const roundTrip = <T>(doc: T): T => structuredClone(doc);

describe('instance documents', () => {
  it('maps an instance to its document and back unchanged, user keys MongoDB treats specially included', () => {
    const instance = anInstance({
      input: { $where: 'x', 'a.b': [1, 2.5, { $ref: null }] },
      snapshot: { value: { 'p.q': 'x' }, context: { $set: 1 } },
      parent: { instanceId: 'p', childKey: 'c', rootId: 'r', depth: 2 },
      correlationKeys: ['ticket:1'],
      outbox: [{ id: 'inst-1:1:0', type: 'job.start', payload: { $inc: 1 } }],
      output: { done: true },
      outcome: 'approved',
      error: { code: 'X', message: 'm' },
    });
    const doc = roundTrip(toInstanceDocument(instance, emptyChainHead(), undefined));
    expect(fromInstanceDocument(doc)).toEqual(instance);
    // No '$'-prefixed or dotted key reaches BSON: payloads are text.
    expect(typeof doc.input).toBe('string');
    expect(typeof doc.snapshot).toBe('string');
    expect(doc.outbox).toEqual([{ id: 'inst-1:1:0', command: JSON.stringify(instance.outbox[0]) }]);
    expect(doc.outboxAt).toBe(instance.updatedAt);
  });

  it('leaves optional fields out instead of storing null, and marks no outbox or pending work when there is none', () => {
    const doc = toInstanceDocument(anInstance({ startedBy: undefined }), emptyChainHead(), undefined);
    for (const field of [
      'outcome',
      'output',
      'error',
      'parent',
      'startedBy',
      'outboxAt',
      'pendingAt',
      'endStatus',
      'endedAt',
    ])
      expect(doc).not.toHaveProperty(field);
    expect(fromInstanceDocument(doc)).not.toHaveProperty('startedBy');
  });

  it('records an instance created already ended for statistics', () => {
    const doc = toInstanceDocument(
      anInstance({ status: 'completed', updatedAt: T0 + 5 }),
      emptyChainHead(),
      undefined,
    );
    expect(doc).toMatchObject({ endStatus: 'completed', endedAt: T0 + 5 });
  });

  it('carries a step record with the history chained, and marks it pending', () => {
    const chained = chainHistory('inst-1', emptyChainHead(), [
      { at: T0, type: 'instance.started', data: { $x: 1 } },
    ]);
    const record = stepRecord(
      1,
      chained.entries.map(historyDocument),
      [{ type: 'job.enqueue', job: aJob() }],
      undefined,
    );
    const doc = toInstanceDocument(anInstance(), chained.head, record);
    expect(doc.pending).toHaveLength(1);
    expect(doc.pendingAt).toBe(T0);
    expect(doc.historyHead).toEqual(chained.head);
    expect(doc.pending[0]!.history.map(fromHistoryDocument)).toEqual(chained.entries);
    expect(stepRecord(2, [], [], undefined)).toBeUndefined();
  });

  it('lists summaries without the snapshot, the outbox or the step records', () => {
    for (const field of ['snapshot', 'outbox', 'pending', 'historyHead'])
      expect(SUMMARY_PROJECTION).not.toHaveProperty(field);
    const instance = anInstance();
    const { snapshot: _s, outbox: _o, ...summary } = instance;
    expect(fromSummaryDocument(toInstanceDocument(instance, emptyChainHead(), undefined))).toEqual(summary);
  });
});

describe('history, job, timer and task documents', () => {
  it('maps each both ways unchanged', () => {
    const [entry] = chainHistory('inst-1', emptyChainHead(), [
      {
        at: T0,
        type: 'task.decided',
        nodeId: 'n',
        actor: 'a',
        data: { 'x.y': 1 },
        step: { activeNodes: ['a'], commands: [] },
      },
    ]).entries;
    expect(fromHistoryDocument(roundTrip(historyDocument(entry!)))).toEqual(entry);
    expect(historyDocument(entry!)._id).toBe('inst-1:1');

    const job = aJob({ connection: 'c', maxAttempts: 3, input: { $k: 1 } });
    expect(fromJobDocument(roundTrip(jobDocument(job)))).toEqual({ ...job, status: 'queued' });
    const lease = { leaseOwner: 'w', leaseToken: 't', leaseExpiresAt: T0 + 1 };
    expect(jobDocument(job, lease)).toMatchObject({ status: 'running', ...lease });
    expect(fromJobDocument(jobDocument(job, lease))).not.toHaveProperty('leaseToken');

    const timer = { id: 't', instanceId: 'inst-1', timerId: 'x', fireAt: T0 };
    expect(fromTimerDocument(timerDocument(timer))).toEqual({ ...timer, status: 'scheduled' });

    const task = aTask({ dueAt: T0 + 9, form: { $schema: 'x' } });
    const doc = taskDocument(task, { workflowId: 'w', version: 2 });
    expect(doc).toMatchObject({ workflowId: 'w', version: 2, status: 'open' });
    expect(fromTaskDocument(roundTrip(doc))).toEqual({ ...task, status: 'open' });
    const decision = { outcome: 'approved', by: 'grace', at: T0, form: { $a: 1 } };
    expect(
      fromTaskDocument({ ...doc, status: 'decided', decision: storedDecision(decision) }).decision,
    ).toEqual(decision);
    expect(taskDocument(task)).not.toHaveProperty('workflowId');
  });
});
