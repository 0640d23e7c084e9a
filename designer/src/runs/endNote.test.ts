import { describe, expect, it } from 'vitest';
import { endNote } from './endNote';

const started = { seq: 1, at: 1_000, type: 'instance.started', data: {} };

describe('the note at the top of an ended run', () => {
  it('says who cancelled a run, when, and why', () => {
    const cancel = {
      seq: 9,
      at: 5_000,
      type: 'instance.cancel',
      actor: 'u-admin',
      data: { by: 'u-admin', reason: ' Candidate declined the offer ', at: 5_000 },
    };
    expect(endNote({ status: 'cancelled', history: [started, cancel] })).toEqual({
      kind: 'cancelled',
      actor: 'u-admin',
      at: 5_000,
      reason: 'Candidate declined the offer',
    });
  });

  it('tells a withdrawal from a cancel, and leaves out an empty reason', () => {
    const withdraw = { seq: 4, at: 3_000, type: 'instance.withdraw', data: { by: 'u-hana', reason: '' } };
    expect(endNote({ status: 'cancelled', history: [started, withdraw] })).toEqual({
      kind: 'withdrawn',
      actor: 'u-hana',
      at: 3_000,
    });
  });

  it('gives a failed run’s error and the step it failed at', () => {
    const error = { code: 'LIMIT_EXCEEDED', message: 'nodeVisitsPerInstance (1000) reached', nodeId: 'loop' };
    expect(endNote({ status: 'failed', history: [started], error })).toEqual({ kind: 'failed', ...error });
  });

  it('says nothing of a run still going or ended as drawn', () => {
    expect(endNote({ status: 'running', history: [started] })).toBeUndefined();
    expect(endNote({ status: 'completed', history: [started] })).toBeUndefined();
  });
});
