import { describe, expect, it } from 'vitest';
import { chainHistory, emptyChainHead } from '../historyChain';
import { T0, aJob, aStep } from '../contract/fixtures';
import { type StepHead, changeKind, stepUpdate } from './commitSteps';
import { recordEffects } from './instanceDocuments';
import { clearRecordsUpdate, pendingFilter } from './recovery';

const head = (overrides: Partial<StepHead> = {}): StepHead => ({
  _id: 'inst-1',
  rev: 1,
  status: 'running',
  currentNodes: ['approve'],
  workflowId: 'access-request',
  version: 1,
  startedBy: 'ada',
  historyHead: emptyChainHead(),
  pending: [],
  outbox: [],
  ...overrides,
});

describe("a step's compare-and-set", () => {
  it('filters on the expected rev and replaces the state, bumping the rev', () => {
    const step = aStep();
    const { filter, update } = stepUpdate(step, head(), 'token-1');
    expect(filter).toEqual({ _id: 'inst-1', rev: 1 });
    expect(update['$set']).toMatchObject({
      rev: 2,
      snapshot: JSON.stringify(step.set.snapshot),
      status: 'running',
      currentNodes: ['provision'],
      correlationKeys: [],
      updatedAt: T0 + 1000,
      stepToken: 'token-1',
    });
  });

  it('keeps outcome, output and error when the step does not set them', () => {
    const { update } = stepUpdate(aStep(), head(), 't');
    for (const field of ['outcome', 'output', 'error']) expect(update['$set']).not.toHaveProperty(field);
    expect(update).not.toHaveProperty('$unset');
  });

  it('chains history from the stored head and carries it, the effects and the change in one record', () => {
    const prior = chainHistory('inst-1', emptyChainHead(), [
      { at: T0, type: 'instance.started', data: {} },
    ]).head;
    const step = aStep({
      history: [{ at: T0 + 1, type: 'task.decided', data: { outcome: 'approved' } }],
      effects: [{ type: 'job.enqueue', job: aJob() }],
    });
    const { update, record, chainHead } = stepUpdate(step, head({ historyHead: prior }), 't');
    expect(chainHead.seq).toBe(2);
    expect(record?.history[0]).toMatchObject({ _id: 'inst-1:2', seq: 2, prevHash: prior.hash });
    expect(update['$set']['historyHead']).toEqual(chainHead);
    expect(recordEffects(record!)).toEqual(step.effects);
    expect(record?.change).toEqual({
      key: 'inst-1:2:i',
      change: {
        type: 'instance',
        kind: 'moved',
        instanceId: 'inst-1',
        workflowId: 'access-request',
        status: 'running',
        startedBy: 'ada',
      },
    });
    expect(update['$push']['pending']).toBe(record);
    expect(update['$min']).toEqual({ pendingAt: T0 + 1000 });
  });

  it('appends only commands not already waiting, and marks when the outbox began waiting', () => {
    const step = aStep({
      commands: [
        { id: 'inst-1:1:0', type: 'job.start' },
        { id: 'inst-1:2:0', type: 'job.start' },
        { id: 'inst-1:2:0', type: 'job.start' },
      ],
    });
    const { update } = stepUpdate(step, head({ outbox: [{ id: 'inst-1:1:0' }] }), 't');
    expect(update['$push']['outbox']).toEqual({
      $each: [{ id: 'inst-1:2:0', command: JSON.stringify({ id: 'inst-1:2:0', type: 'job.start' }) }],
    });
    expect(update['$min']['outboxAt']).toBe(T0 + 1000);
  });

  it('pushes nothing for a step with no commands, history, effects or change', () => {
    const same = aStep({ set: { ...aStep().set, currentNodes: ['approve'] } });
    const { update, record } = stepUpdate(same, head(), 't');
    expect(record).toBeUndefined();
    expect(update).not.toHaveProperty('$push');
    expect(update).not.toHaveProperty('$min');
  });

  it('records the end for statistics when the status changes, and clears it on the way back to running', () => {
    const ended = stepUpdate(aStep({ set: { ...aStep().set, status: 'failed' } }), head(), 't').update;
    expect(ended['$set']).toMatchObject({ endStatus: 'failed', endedAt: T0 + 1000 });
    const retried = stepUpdate(aStep(), head({ status: 'failed' }), 't').update;
    expect(retried['$unset']).toEqual({ endStatus: '', endedAt: '' });
    expect(retried['$set']).not.toHaveProperty('endStatus');
  });

  it('tells the feed of a new end status, an incident or other nodes, and nothing else', () => {
    expect(
      changeKind(aStep({ set: { ...aStep().set, status: 'completed' } }), 'running', ['provision']),
    ).toBe('completed');
    expect(changeKind(aStep({ incident: true }), 'running', ['provision'])).toBe('incident');
    expect(changeKind(aStep(), 'running', ['approve'])).toBe('moved');
    expect(changeKind(aStep(), 'running', ['provision'])).toBeUndefined();
    // Back to running after a retry is no end: only a move or nothing.
    expect(changeKind(aStep(), 'failed', ['provision'])).toBeUndefined();
  });
});

describe('finishing step records', () => {
  it('drops finished records and the pending marker in one pipeline update', () => {
    expect(clearRecordsUpdate([2, 3])).toEqual([
      {
        $set: {
          pending: { $filter: { input: '$pending', cond: { $not: [{ $in: ['$$this.rev', [2, 3]] }] } } },
        },
      },
      { $set: { pendingAt: { $cond: [{ $eq: [{ $size: '$pending' }, 0] }, '$$REMOVE', '$pendingAt'] } } },
    ]);
  });

  it('recovers only records older than the given time, or all', () => {
    expect(pendingFilter()).toEqual({ pendingAt: { $exists: true } });
    expect(pendingFilter(T0)).toEqual({ pendingAt: { $exists: true, $lt: T0 } });
  });
});
