import { describe, expect, it } from 'vitest';
import type { MachineContext } from './context';
import { incidentCount, incidentsOf } from './inspect';

/** Only the parts of a context that incidents are read from. */
const contextWith = (parts: Partial<MachineContext>): MachineContext =>
  ({ jobs: {}, approvals: {}, visits: {}, nodes: {}, ...parts }) as MachineContext;

const incident = { code: 'ASSIGNEE_UNKNOWN', message: 'Nobody to give it to', taskKeys: ['t1', 't2'] };

describe('incidents', () => {
  const cases: [string, MachineContext, number][] = [
    ['none', contextWith({}), 0],
    [
      'a failed task, beside a running one',
      contextWith({
        jobs: { call: { jobKey: 'j1', attempt: 3, incident: true }, other: { jobKey: 'j2', attempt: 1 } },
        nodes: { call: { error: { code: 'HTTP_500', message: 'Server error' } } },
      }),
      1,
    ],
    [
      'an approval that could not be given, and a refused child',
      contextWith({
        approvals: { approve: { incident } as never, other: {} as never },
        refused: { child: { code: 'LIMIT_EXCEEDED', message: 'Too many' } } as never,
        visits: { approve: 2 },
      }),
      2,
    ],
  ];

  it.each(cases)('counts as many as it lists: %s', (_name, context, count) => {
    expect(incidentCount(context)).toBe(count);
    expect(incidentsOf(context)).toHaveLength(count);
  });

  it('lists what an operator needs of each', () => {
    expect(incidentsOf(cases[2]![1])).toEqual([
      {
        nodeId: 'approve',
        kind: 'approval',
        attempts: 2,
        error: { code: 'ASSIGNEE_UNKNOWN', message: 'Nobody to give it to' },
        tasks: 2,
      },
      {
        nodeId: 'child',
        kind: 'subworkflow',
        attempts: 1,
        error: { code: 'LIMIT_EXCEEDED', message: 'Too many' },
      },
    ]);
  });
});
