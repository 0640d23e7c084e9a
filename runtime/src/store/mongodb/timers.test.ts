import { describe, expect, it } from 'vitest';
import { T0 } from '../contract/fixtures';
import { indexServing } from './indexCoverage';
import {
  CANCEL_TIMER,
  FIRE_TIMER,
  cancellableTimer,
  claimTimerUpdate,
  countDue,
  dueTimers,
  nextDue,
  firedUnder,
  scheduleTimerWrite,
  timerCollections,
} from './timers';
import { fromTimerDocument, timerDocument } from './recordDocuments';

const [spec] = timerCollections;
const timer = { id: 'inst-1:2:1', instanceId: 'inst-1', timerId: 'approve.deadline', fireAt: T0 + 1000 };

describe('MongoDB timers', () => {
  it('maps a timer to its document and back', () => {
    expect(timerDocument(timer)).toEqual({
      _id: timer.id,
      instanceId: 'inst-1',
      timerId: 'approve.deadline',
      fireAt: T0 + 1000,
      status: 'scheduled',
    });
    expect(fromTimerDocument(timerDocument(timer))).toEqual({ ...timer, status: 'scheduled' });
    const leased = { ...timerDocument(timer), leaseOwner: 'a', leaseToken: 't', leaseExpiresAt: T0 };
    expect(fromTimerDocument(leased)).toEqual({
      ...timer,
      status: 'scheduled',
      leaseOwner: 'a',
      leaseExpiresAt: T0,
    });
  });

  it('schedules by an insert-only upsert keyed by id', () => {
    const { filter, update } = scheduleTimerWrite(timer);
    expect(filter).toEqual({ _id: timer.id });
    expect(Object.keys(update.$setOnInsert ?? {})).not.toContain('_id');
  });

  it('claims due timers without a live lease, earliest first, along the partial index', () => {
    const due = dueTimers(T0);
    expect(due.filter).toEqual({
      status: 'scheduled',
      fireAt: { $lte: T0 },
      leaseExpiresAt: { $not: { $gt: T0 } },
    });
    expect(indexServing(spec!, due)).toBe('timers_scheduled_by_fire_at');
    expect(indexServing(spec!, { filter: countDue(T0) })).toBe('timers_scheduled_by_fire_at');
    expect(indexServing(spec!, nextDue(T0))).toBe('timers_scheduled_by_fire_at');
    expect(claimTimerUpdate('a', 't', T0)).toEqual({
      $set: { leaseOwner: 'a', leaseToken: 't', leaseExpiresAt: T0 },
    });
  });

  it('fires only under the current lease and cancels only scheduled timers, clearing the lease', () => {
    expect(firedUnder('x', 't')).toEqual({ _id: 'x', status: 'scheduled', leaseToken: 't' });
    expect(cancellableTimer('x')).toEqual({ _id: 'x', status: 'scheduled' });
    expect(FIRE_TIMER).toEqual({
      $set: { status: 'fired' },
      $unset: { leaseOwner: '', leaseToken: '', leaseExpiresAt: '' },
    });
    expect(CANCEL_TIMER.$set).toEqual({ status: 'cancelled' });
  });
});
