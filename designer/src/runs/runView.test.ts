import { describe, expect, it } from 'vitest';
import {
  actorLabel,
  entryNode,
  jsonText,
  nodeNamer,
  runMarks,
  runPath,
  shortRunId,
  stepRows,
  timelineOf,
  type GraphLike,
  type RunLike,
  waitingIn,
} from './runView';

// start → call → approve (approved → done, rejected → refused); approve's timeout → escalate → done
const graph: GraphLike = {
  nodes: [
    { id: 'start', kind: 'trigger', name: 'Start' },
    { id: 'call', kind: 'task', name: 'Create ticket' },
    { id: 'approve', kind: 'approval', name: 'Manager approval' },
    { id: 'escalate', kind: 'task', name: 'Escalate' },
    { id: 'done', kind: 'end', name: 'Done' },
    { id: 'refused', kind: 'end', name: 'Refused' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'call' },
    { id: 'e2', source: 'call', target: 'approve' },
    { id: 'e3', source: 'approve', target: 'done', sourceHandle: 'approved' },
    { id: 'e4', source: 'approve', target: 'refused', sourceHandle: 'rejected' },
    { id: 'e5', source: 'approve', target: 'escalate', sourceHandle: 'timeout' },
    { id: 'e6', source: 'escalate', target: 'done' },
    { id: 'e7', source: 'call', target: 'refused', sourceHandle: 'error' },
  ],
};

const run = (over: Partial<RunLike>): RunLike => ({
  status: 'running',
  currentNodes: [],
  visits: {},
  history: [],
  incidents: [],
  ...over,
});

describe('the path a run took', () => {
  it('marks the entered nodes, the edges between them and where it waits', () => {
    const path = runPath(graph, run({ visits: { call: 1, approve: 1 }, currentNodes: ['approve'] }));
    expect(path).toEqual({ nodes: ['start', 'call', 'approve'], edges: ['e1', 'e2'], current: ['approve'] });
  });

  it('takes a person’s exit only for an outcome decided there', () => {
    const path = runPath(
      graph,
      run({
        status: 'completed',
        visits: { call: 1, approve: 1, done: 1, refused: 0 },
        currentNodes: [],
        history: [
          {
            seq: 1,
            at: 1,
            type: 'task.decided',
            nodeId: 'approve',
            data: { outcome: 'approved', by: 'ann' },
          },
        ],
      }),
    );
    expect(path.nodes).toEqual(['start', 'call', 'approve', 'done']);
    expect(path.edges).toEqual(['e1', 'e2', 'e3']);
    expect(path.current).toEqual([]);
  });

  it('marks incidents with their error on the node, over the path', () => {
    const path = runPath(graph, run({ visits: { call: 1 }, currentNodes: ['call'] }));
    const marks = runMarks(path, [
      { nodeId: 'call', error: { code: 'HTTP_500', message: 'The server failed' } },
    ]);
    expect(marks.nodes.get('call')).toEqual({
      test: 'current',
      path: 'run',
      problem: { severity: 'error', message: 'The server failed', count: 1 },
    });
    expect(marks.nodes.get('start')).toEqual({ test: 'taken', path: 'run' });
    expect(marks.edges.get('e1')).toEqual({ test: 'taken', path: 'run' });
    expect(marks.edges.has('e2')).toBe(false);
  });
});

describe('the timeline and the steps', () => {
  const name = nodeNamer(graph);
  it('says who did what, with comments and errors', () => {
    const lines = timelineOf(
      [
        { seq: 1, at: 10, type: 'instance.started', actor: 'eve', data: { input: {}, version: 2 } },
        {
          seq: 2,
          at: 20,
          type: 'job.failed',
          nodeId: 'call',
          data: {
            jobKey: 'call#1#1',
            error: { code: 'HTTP_500', message: 'The server failed', retryable: false },
          },
        },
        {
          seq: 3,
          at: 30,
          type: 'job.retry',
          nodeId: 'call',
          actor: 'ops',
          data: { nodeId: 'call', by: 'ops' },
        },
        {
          seq: 4,
          at: 40,
          type: 'task.decided',
          nodeId: 'approve',
          actor: 'ann',
          data: { outcome: 'approved', by: 'ann', comment: 'Fine by me' },
        },
        { seq: 5, at: 50, type: 'instance.cancel', actor: 'ops', data: { by: 'ops', reason: 'Duplicate' } },
        { seq: 6, at: 60, type: 'something.new', data: null },
        {
          seq: 7,
          at: 70,
          type: 'instance.withdraw',
          actor: 'eve',
          data: { by: 'eve', reason: 'Not needed' },
        },
      ],
      name,
    );
    expect(lines.map((l) => [l.title, l.actor, l.comment, l.detail])).toEqual([
      ['Started (version 2)', 'eve', undefined, undefined],
      ['“Create ticket” failed', undefined, undefined, 'HTTP_500: The server failed'],
      ['“Create ticket” retried', 'ops', undefined, undefined],
      ['“Manager approval”: approved', 'ann', 'Fine by me', undefined],
      ['Cancelled', 'ops', 'Duplicate', undefined],
      ['Something new', undefined, undefined, undefined],
      ['Withdrawn by the requester', 'eve', 'Not needed', undefined],
    ]);
  });

  it('lists each attempt newest first with its input and its output or error', () => {
    const rows = stepRows(
      [
        {
          jobKey: 'call#1#1',
          nodeId: 'call',
          action: 'http.request',
          connection: 'desk',
          attempt: 1,
          status: 'failed',
          input: { url: '/tickets' },
          error: { code: 'HTTP_500', message: 'The server failed' },
          runAt: 1,
          finishedAt: 2,
        },
        {
          jobKey: 'call#1#2',
          nodeId: 'call',
          action: 'http.request',
          attempt: 2,
          status: 'succeeded',
          input: {},
          output: { id: 7 },
          runAt: 3,
        },
      ],
      name,
    );
    expect(rows.map((r) => [r.name, r.summary, r.statusLabel, r.result])).toEqual([
      ['Create ticket', 'http.request, attempt 2', 'Succeeded', { kind: 'output', text: '{\n  "id": 7\n}' }],
      [
        'Create ticket',
        'http.request via desk, attempt 1',
        'Failed',
        { kind: 'error', text: 'HTTP_500: The server failed' },
      ],
    ]);
    expect(rows[1]!.input).toBe('{\n  "url": "/tickets"\n}');
  });

  it('cuts long JSON and names people', () => {
    expect(jsonText('x'.repeat(50), 10)).toBe('"xxxxxxxxx\n… (42 more characters)');
    expect(actorLabel('me', 'me')).toBe('you');
    expect(actorLabel('ann', 'me')).toBe('ann');
    expect(actorLabel(undefined, 'me')).toBeUndefined();
    // The run names its people for whoever may see it.
    expect(
      actorLabel('fbb85aca-743b-4f50-a651-25f7afeff63e', 'me', {
        'fbb85aca-743b-4f50-a651-25f7afeff63e': 'Ann Lee',
      }),
    ).toBe('Ann Lee');
    expect(actorLabel('constructor', 'me', {})).toBe('constructor');
    expect(actorLabel('fbb85aca-743b-4f50-a651-25f7afeff63e', 'me')).toBe('user fbb85aca');
    expect(name('unknown')).toBe('unknown');
    expect(entryNode({ seq: 1, at: 1, type: 'instance.started', data: {} }, graph)).toBe('start');
    expect(entryNode({ seq: 2, at: 1, type: 'job.done', nodeId: 'call', data: {} }, graph)).toBe('call');
  });
});

describe('where a run waits, for the runs list', () => {
  const nameOf = nodeNamer(graph);
  it('names the steps a running run is in, by their ids until the version is known', () => {
    expect(waitingIn({ status: 'running', currentNodes: ['approve'] }, nameOf)).toBe('Manager approval');
    expect(waitingIn({ status: 'running', currentNodes: ['call', 'escalate'] }, nameOf)).toBe(
      'Create ticket, Escalate',
    );
    expect(waitingIn({ status: 'running', currentNodes: ['call'] }, nodeNamer(undefined))).toBe('call');
  });

  it('says nothing for an ended run (its status says how it ended)', () => {
    for (const status of ['completed', 'rejected', 'failed', 'cancelled'] as const)
      expect(waitingIn({ status, currentNodes: ['approve'] }, nameOf)).toBeUndefined();
    expect(waitingIn({ status: 'running', currentNodes: [] }, nameOf)).toBeUndefined();
  });
});

describe('short run ids', () => {
  it('tell apart runs started in the same minute (their ids share the time at the start)', () => {
    const a = '01a22af0-4c1e-7a3b-9d2e-5f60718293a4';
    const b = '01a22af0-4c1f-7c44-8e01-0a1b2c3d4e5f';
    expect(shortRunId(a)).toBe('718293a4');
    expect(shortRunId(a)).not.toBe(shortRunId(b));
  });
});
