import { describe, expect, it } from 'vitest';
import { buildTimeline, type InstanceLike } from './timeline';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const base: InstanceLike = {
  status: 'running',
  startedBy: 'rita',
  createdAt: T0,
  updatedAt: T0,
  history: [{ seq: 1, at: T0, type: 'instance.started', actor: 'rita', data: { input: {}, version: 1 } }],
  openTasks: [],
  incidents: [],
};
const names = {
  person: (id: string) =>
    id === 'rita' ? 'you' : (({ max: 'Max Manager', dan: 'Dan' } as Record<string, string>)[id] ?? id),
  group: (id: string) => (id === 'service-desk' ? 'Service desk' : id),
  node: (id: string) => ({ managerApproval: 'Manager approval', securityApproval: 'IT security review' })[id],
  time: (at: number) => new Date(at).toISOString().slice(0, 10),
};

describe('a request’s timeline', () => {
  it('says who decided, when, with which comment, and what happens next', () => {
    const timeline = buildTimeline(
      {
        ...base,
        history: [
          ...base.history,
          {
            seq: 2,
            at: T0 + 1000,
            type: 'task.delegated',
            nodeId: 'managerApproval',
            actor: 'max',
            data: { to: { type: 'user', id: 'dan' }, by: 'max', comment: 'Dan knows the team' },
          },
          {
            seq: 3,
            at: T0 + 2000,
            type: 'task.decided',
            nodeId: 'managerApproval',
            actor: 'dan',
            data: { outcome: 'approved', by: 'dan', comment: 'Fits the role <b>' },
          },
          {
            seq: 4,
            at: T0 + 3000,
            type: 'timer.fired',
            nodeId: 'securityApproval',
            data: { timerKey: 'securityApproval#1:remind1' },
          },
          { seq: 5, at: T0 + 4000, type: 'job.start', nodeId: 'x', data: {} },
        ],
        openTasks: [
          {
            nodeId: 'securityApproval',
            assignee: { type: 'user', id: 'sec-ana' },
            title: 'Review',
            kind: 'approval',
            dueAt: T0 + 86_400_000 * 2,
          },
          {
            nodeId: 'securityApproval',
            assignee: { type: 'group', id: 'service-desk' },
            title: 'Review',
            kind: 'approval',
            dueAt: T0 + 86_400_000,
          },
        ],
      },
      names,
    );
    expect(timeline.map((e) => [e.title, e.comment, e.detail, e.upcoming ?? false])).toEqual([
      ['You sent the request.', undefined, undefined, false],
      ['Max Manager handed “Manager approval” to Dan.', 'Dan knows the team', undefined, false],
      ['Dan approved “Manager approval”.', 'Fits the role <b>', undefined, false],
      ['A reminder about “IT security review” was sent.', undefined, undefined, false],
      [
        'Waiting for sec-ana or the Service desk group to decide “IT security review”.',
        undefined,
        'Due 2026-01-06',
        true,
      ],
    ]);
    expect(timeline[2]!.tone).toBe('success');
    expect(timeline[2]!.at).toBe(T0 + 2000);
  });

  it('ends with the outcome once the request is over, and names a rejection', () => {
    const timeline = buildTimeline(
      {
        ...base,
        status: 'rejected',
        updatedAt: T0 + 5000,
        history: [
          ...base.history,
          {
            seq: 2,
            at: T0 + 1,
            type: 'timer.fired',
            nodeId: 'managerApproval',
            data: { timerKey: 'managerApproval#1:due' },
          },
          {
            seq: 3,
            at: T0 + 2,
            type: 'task.decided',
            nodeId: 'serviceDesk',
            actor: 'max',
            data: { outcome: 'rejected', by: 'max' },
          },
        ],
      },
      names,
    );
    expect(timeline.map((e) => [e.title, e.tone])).toEqual([
      ['You sent the request.', 'info'],
      ['“Manager approval” was not done in time.', 'warning'],
      ['Max Manager rejected “service desk”.', 'danger'],
      ['The request was turned down.', 'danger'],
    ]);
  });

  it('says who withdrew a request, and why', () => {
    const timeline = buildTimeline(
      {
        ...base,
        status: 'cancelled',
        updatedAt: T0 + 5000,
        history: [
          ...base.history,
          {
            seq: 2,
            at: T0 + 5000,
            type: 'instance.withdraw',
            actor: 'rita',
            data: { by: 'rita', reason: 'Asked by mistake' },
          },
        ],
      },
      names,
    );
    expect(timeline[1]).toMatchObject({ title: 'You withdrew the request.', comment: 'Asked by mistake' });
  });

  it('says when a request is held up by an incident, or runs on by itself', () => {
    const held = buildTimeline({
      ...base,
      incidents: [{ nodeId: 'notify', error: { code: 'X', message: 'SMTP refused' } }],
    });
    expect(held.at(-1)).toMatchObject({
      title: '“notify” is held up; an operator has to look at it.',
      detail: 'SMTP refused',
    });
    expect(buildTimeline(base).at(-1)).toMatchObject({ id: 'next', upcoming: true });
    expect(buildTimeline(base)[0]!.title).toBe('Rita sent the request.');
  });
});
