import { describe, expect, it } from 'vitest';
import { T0, aJob, aTask } from '../contract/fixtures';
import type { StoreEffect } from '../schemas/effect';
import { effectOrder, effectWrite } from './effects';
import { jobDocument, storedDecision, taskDocument, timerDocument } from './recordDocuments';

const source = { instanceId: 'inst-1', workflowId: 'access-request', version: 3, rev: 5 };
const later = (order: number) => ({
  $or: [{ effectOrder: { $exists: false } }, { effectOrder: { $lt: order } }],
});
const grace = { type: 'user' as const, id: 'grace' };
const olga = { type: 'user' as const, id: 'olga' };

describe('the write of each step effect', () => {
  it('inserts jobs, timers and tasks only when their id is new, in the shared document shapes', () => {
    const lease = { leaseOwner: 'local', leaseToken: 't', leaseExpiresAt: T0 };
    const { _id, ...job } = jobDocument(aJob(), lease);
    expect(effectWrite({ type: 'job.enqueue', job: aJob(), lease }, source, 0)).toMatchObject({
      collection: 'jobs',
      filter: { _id },
      update: { $setOnInsert: job },
      upsert: true,
    });
    const timer = { id: 'x', instanceId: 'inst-1', timerId: 't', fireAt: T0 };
    const { _id: timerId, ...timerFields } = timerDocument(timer);
    expect(effectWrite({ type: 'timer.schedule', timer }, source, 1)).toMatchObject({
      filter: { _id: timerId },
      update: { $setOnInsert: timerFields },
      upsert: true,
    });
    const { _id: taskId, ...task } = taskDocument(aTask(), source);
    expect(effectWrite({ type: 'task.create', task: aTask() }, source, 2)).toMatchObject({
      collection: 'tasks',
      filter: { _id: taskId },
      update: {
        $setOnInsert: { ...task, workflowId: 'access-request', version: 3, effectOrder: effectOrder(5, 2) },
      },
      upsert: true,
      taskChange: { kind: 'created' },
    });
  });

  it('completes a job and fires a timer under their current lease only', () => {
    const result = { status: 'succeeded' as const, output: { a: 1 }, finishedAt: T0 };
    const complete = effectWrite({ type: 'job.complete', id: 'j', leaseToken: 'l', result }, source, 0);
    expect(complete.filter).toEqual({ _id: 'j', status: 'running', leaseToken: 'l' });
    expect(complete.update).toEqual({
      $set: { status: 'succeeded', result: JSON.stringify(result) },
      $unset: { leaseOwner: '', leaseToken: '', leaseExpiresAt: '' },
    });
    expect(effectWrite({ type: 'timer.fired', id: 't', leaseToken: 'l' }, source, 0).filter).toEqual({
      _id: 't',
      status: 'scheduled',
      leaseToken: 'l',
    });
  });

  it('cancels only what is still open', () => {
    expect(effectWrite({ type: 'job.cancel', id: 'j' }, source, 0).filter).toEqual({
      _id: 'j',
      status: { $in: ['queued', 'running'] },
    });
    expect(effectWrite({ type: 'timer.cancel', id: 't' }, source, 0).filter).toEqual({
      _id: 't',
      status: 'scheduled',
    });
  });

  it("never lets an earlier step's task effect, finished late, undo a later step's", () => {
    const order = effectOrder(5, 1);
    const decision = { outcome: 'approved', by: 'grace', at: T0 };
    const decide = effectWrite({ type: 'task.decide', id: 'a', decision }, source, 1);
    expect(decide.filter).toEqual({ $and: [{ _id: 'a', status: 'open' }, later(order)] });
    expect(decide.update).toEqual({
      $set: { status: 'decided', decision: storedDecision(decision), closedAt: T0, effectOrder: order },
    });
    const delegate = effectWrite({ type: 'task.delegate', id: 'a', from: grace, to: olga }, source, 1);
    expect(delegate.filter).toEqual({
      $and: [{ _id: 'a', status: 'open', 'assignee.type': 'user', 'assignee.id': 'grace' }, later(order)],
    });
    expect(delegate.taskChange).toEqual({ kind: 'delegated', also: [grace] });
    const cancel: StoreEffect = { type: 'task.cancel', instanceId: 'inst-1', nodeId: 'review', at: T0 };
    expect(effectWrite(cancel, source, 1)).toMatchObject({
      filter: { $and: [{ instanceId: 'inst-1', nodeId: 'review', status: 'open' }, later(order)] },
      update: { $set: { status: 'cancelled', effectOrder: order, closedAt: T0 } },
      many: true,
    });
  });

  it('orders effects by rev first, then by place in the step', () => {
    expect(effectOrder(5, 1_000)).toBeLessThan(effectOrder(6, 0));
    expect(effectOrder(5, 0)).toBeLessThan(effectOrder(5, 1));
    expect(Number.isSafeInteger(effectOrder(2 ** 32, 2 ** 20 - 1))).toBe(true);
  });
});
