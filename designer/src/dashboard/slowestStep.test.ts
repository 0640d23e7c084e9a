import { describe, expect, it } from 'vitest';
import type { NodeFigures } from './dashboardModel';
import { slowestStepNote } from './slowestStep';

const MINUTE = 60_000;
const tasks = { created: 4, decided: 4, open: 0, overdue: 0, decidedLate: 0, timedOut: 0, breaches: 0 };
const step = (over: Partial<NodeFigures> = {}): NodeFigures => ({
  nodeId: 'manager',
  name: 'Manager approves',
  kind: 'approval',
  tasks,
  turnaroundMs: { p50: 3 * MINUTE, p90: 2 * 60 * MINUTE },
  ...over,
});

describe('slowestStepNote', () => {
  it('says within how long half and nine in ten of its tasks are decided', () => {
    expect(slowestStepNote([step()], 'manager')).toEqual({
      kind: 'slowest',
      step: 'Manager approves',
      detail: 'Half of its tasks are decided within 3 min; nine in ten within 2 h.',
    });
  });

  it('says "within a second" for turnarounds under one, never "0 s"', () => {
    const fast = step({ turnaroundMs: { p50: 200, p90: 45_000 } });
    expect(slowestStepNote([fast], 'manager')?.detail).toBe(
      'Half of its tasks are decided within a second; nine in ten within 45 s.',
    );
  });

  it('says it once when the median and the 90th percentile read the same', () => {
    const even = step({ turnaroundMs: { p50: 3 * MINUTE, p90: 3 * MINUTE + 10_000 } });
    expect(slowestStepNote([even], 'manager')?.detail).toBe(
      'Nine in ten of its tasks are decided within 3 min.',
    );
  });

  it('speaks of one task when only one was decided', () => {
    const one = step({
      tasks: { ...tasks, decided: 1 },
      turnaroundMs: { p50: 90 * MINUTE, p90: 90 * MINUTE },
    });
    expect(slowestStepNote([one], 'manager')?.detail).toBe('Its only decided task took 1 h 30 min.');
  });

  it('says that no task is decided yet when tasks wait and none is decided', () => {
    const waiting = step({
      tasks: { ...tasks, decided: 0, open: 2, created: 2 },
      turnaroundMs: { p50: null, p90: null },
    });
    expect(slowestStepNote([waiting], null)).toEqual({
      kind: 'undecided',
      detail: 'No task has been decided in this period yet (2 waiting), so no step can be named the slowest.',
    });
  });

  it('says nothing for a workflow without tasks in the period', () => {
    expect(slowestStepNote([], null)).toBeUndefined();
    const idle = step({
      tasks: { ...tasks, created: 0, decided: 0 },
      turnaroundMs: { p50: null, p90: null },
    });
    expect(slowestStepNote([idle], null)).toBeUndefined();
  });
});
