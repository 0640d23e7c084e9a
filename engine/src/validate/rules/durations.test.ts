import { describe, expect, it } from 'vitest';
import type { WorkflowDefinitionInput } from '../../definition/types';
import { aWorkflow, n, testCatalog } from '../../testing';
import { validateDocument } from '../index';

// A fixed duration meets the bounds a computed one meets when its step is entered (more than
// zero, at most P366D), but at publish: on the node, at the field, naming it.

type NodeInput = WorkflowDefinitionInput['nodes'][number];

function issuesOf(node: NodeInput, handles: string[]) {
  return validateDocument(
    aWorkflow()
      .nodes(n.trigger(), node, n.end('x'))
      .edges(`start -> ${node.id}`, ...handles.map((h) => `${node.id}:${h} -> x`))
      .document(),
    testCatalog,
  );
}

const task = (due: string, reminders?: string) =>
  issuesOf(
    n.manualTask('ack', {
      due: { after: due } as never,
      ...(reminders !== undefined ? { reminders: { every: reminders } as never } : {}),
    }),
    ['done', 'timeout'],
  );

describe('fixed durations', () => {
  it('accepts any duration from a second to 366 days', () => {
    expect(task('PT1S', 'PT0.5S')).toEqual([]);
    expect(task('P366D', 'P52W2D')).toEqual([]);
    expect(task('P52W', 'PT8784H')).toEqual([]);
  });

  it('refuses one longer than P366D, naming the field, at the field', () => {
    expect(task('P99999D')).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        severity: 'error',
        nodeId: 'ack',
        path: ['nodes', 1, 'due', 'after'],
        message: 'due.after is "P99999D", longer than the longest duration a step may wait (P366D, 366 days)',
      }),
    ]);
    expect(task('P367D').map((i) => i.code)).toEqual(['INVALID_DURATION']);
    expect(task('PT8785H').map((i) => i.code)).toEqual(['INVALID_DURATION']);
  });

  it('refuses one so long it would overflow a date', () => {
    expect(task('P99999999999999999999W')).toEqual([
      expect.objectContaining({ code: 'INVALID_DURATION', path: ['nodes', 1, 'due', 'after'] }),
    ]);
  });

  it('refuses zero where a step would wait: a due date already past, reminders without interval', () => {
    expect(task('PT0S', 'P0D')).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        path: ['nodes', 1, 'due', 'after'],
        message: 'due.after is "PT0S": it must be longer than zero',
      }),
      expect.objectContaining({
        code: 'INVALID_DURATION',
        path: ['nodes', 1, 'reminders', 'every'],
        message: 'reminders.every is "P0D": it must be longer than zero',
      }),
    ]);
  });

  it('checks an approval’s reminders, a wait’s length and an event wait’s timeout the same way', () => {
    const approval = issuesOf(
      n.approval('cab', {
        due: { after: 'P2D', onTimeout: { type: 'escalate' } },
        reminders: { every: 'P400D' } as never,
      }),
      ['approved', 'rejected', 'timeout'],
    );
    expect(approval).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        nodeId: 'cab',
        path: ['nodes', 1, 'reminders', 'every'],
        message: expect.stringContaining('reminders.every is "P400D"'),
      }),
    ]);
    const pause = issuesOf(n.wait('hold', { type: 'duration', duration: 'P100W' }), ['out']);
    expect(pause).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        nodeId: 'hold',
        path: ['nodes', 1, 'wait', 'duration'],
        message: expect.stringContaining('wait.duration is "P100W"'),
      }),
    ]);
    const event = issuesOf(
      n.wait('hold', { type: 'event', event: 'ticket.resolved', correlationKey: '"k"', timeout: 'PT0M' }),
      ['out', 'timeout'],
    );
    expect(event).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        path: ['nodes', 1, 'wait', 'timeout'],
        message: 'wait.timeout is "PT0M": it must be longer than zero',
      }),
    ]);
  });

  it('leaves a task’s call timeout and retry delays alone', () => {
    const issues = validateDocument(
      aWorkflow()
        .nodes(n.trigger(), n.task('call', { timeout: 'P400D' } as never), n.end('x'))
        .edges('start -> call', 'call -> x')
        .document(),
      testCatalog,
    );
    expect(issues.filter((i) => i.code === 'INVALID_DURATION')).toEqual([]);
  });
});
