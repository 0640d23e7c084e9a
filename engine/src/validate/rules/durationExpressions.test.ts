import { describe, expect, it } from 'vitest';
import type { WorkflowDefinitionInput } from '../../definition/types';
import { aWorkflow, n, testCatalog } from '../../testing';
import { validateDocument } from '../index';

// Publishing checks a computed duration as far as it can without a run: the expression must give
// text, and what it gives without reading data (a constant, a constant branch) must be a duration
// the run would accept. Issues are on the node, at the expression, naming the field.

type NodeInput = WorkflowDefinitionInput['nodes'][number];

function issuesOf(node: NodeInput, handles: string[]) {
  return validateDocument(
    aWorkflow()
      .input(
        { key: 'priority', label: 'Priority', type: 'string' },
        { key: 'hours', label: 'Hours', type: 'integer' },
      )
      .nodes(n.trigger(), node, n.end('x'))
      .edges(`start -> ${node.id}`, ...handles.map((h) => `${node.id}:${h} -> x`))
      .document(),
    testCatalog,
  );
}

const ack = (due: unknown, reminders?: unknown) =>
  issuesOf(
    n.manualTask('ack', {
      due: { after: due } as never,
      ...(reminders !== undefined ? { reminders: { every: reminders } as never } : {}),
    }),
    ['done', 'timeout'],
  );

describe('durations given as expressions', () => {
  it('leaves every fixed duration as it was: valid text passes, bad text is refused as before', () => {
    expect(ack('PT4H', 'PT1H')).toEqual([]);
    expect(ack('P1Y')).toEqual([
      expect.objectContaining({
        code: 'INVALID_DEFINITION',
        nodeId: 'ack',
        path: ['nodes', 1, 'due', 'after'],
        message: expect.stringContaining('Use an ISO-8601 duration such as PT30S'),
      }),
    ]);
  });

  it('accepts an expression over the run’s data that gives text', () => {
    expect(ack({ expression: 'input.priority == "P1" ? "PT15M" : "PT8H"' })).toEqual([]);
    expect(ack({ expression: '"PT" + string(input.hours) + "H"' }, { expression: '"PT30M"' })).toEqual([]);
  });

  it('refuses an expression that gives something other than text, naming the field', () => {
    expect(ack({ expression: 'input.hours * 3600' })).toEqual([
      expect.objectContaining({
        code: 'EXPRESSION_TYPE',
        severity: 'error',
        nodeId: 'ack',
        path: ['nodes', 1, 'due', 'after', 'expression'],
        message: 'due.after must give an ISO-8601 duration as text, such as "PT4H", but this gives a number',
      }),
    ]);
  });

  it('checks a constant, and each constant branch, as a duration, marking the part at fault', () => {
    expect(ack({ expression: '"P1Y"' })).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        nodeId: 'ack',
        path: ['nodes', 1, 'due', 'after', 'expression'],
        message: expect.stringContaining('due.after gave "P1Y", which is not a duration'),
      }),
    ]);
    const source = 'input.priority == "P1" ? "PT15M" : "PT8"';
    const [branch, ...rest] = ack({ expression: source });
    expect(rest).toEqual([]);
    expect(branch).toMatchObject({ code: 'INVALID_DURATION', range: { start: source.indexOf('"PT8"') } });
    expect(ack({ expression: '"P" + "400D"' }, { expression: '"PT0S"' }).map((i) => i.message)).toEqual([
      expect.stringContaining('due.after gave "P400D", longer than the longest computed duration (P366D'),
      expect.stringContaining('reminders.every gave "PT0S": a computed duration must be longer than zero'),
    ]);
  });

  it('refuses a name the workflow does not have, as in any expression', () => {
    expect(ack({ expression: 'input.severity' })).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FIELD', path: ['nodes', 1, 'due', 'after', 'expression'] }),
    ]);
  });

  it('refuses a shape that is neither, with a sentence saying both forms', () => {
    expect(ack({ expr: 'input.priority' })).toEqual([
      expect.objectContaining({
        code: 'INVALID_DEFINITION',
        path: ['nodes', 1, 'due', 'after'],
        message: expect.stringContaining('Use an ISO-8601 duration such as PT4H, or {"expression": "…"}'),
      }),
    ]);
    expect(ack({ expression: '' })).toEqual([
      expect.objectContaining({
        code: 'INVALID_DEFINITION',
        path: ['nodes', 1, 'due', 'after', 'expression'],
      }),
    ]);
  });

  it('checks an approval’s due date, a wait’s length and an event wait’s timeout the same way', () => {
    const approval = issuesOf(
      n.approval('cab', {
        due: { after: { expression: '"P2M"' }, onTimeout: { type: 'escalate' } },
      }),
      ['approved', 'rejected', 'timeout'],
    );
    expect(approval).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        nodeId: 'cab',
        path: ['nodes', 1, 'due', 'after', 'expression'],
      }),
    ]);
    const pause = issuesOf(n.wait('hold', { type: 'duration', duration: { expression: 'input.hours' } }), [
      'out',
    ]);
    expect(pause).toEqual([
      expect.objectContaining({
        code: 'EXPRESSION_TYPE',
        path: ['nodes', 1, 'wait', 'duration', 'expression'],
      }),
    ]);
    const event = issuesOf(
      n.wait('hold', {
        type: 'event',
        event: 'ticket.resolved',
        correlationKey: 'input.priority',
        timeout: { expression: 'input.priority == "P1" ? "PT4H" : "forever"' },
      }),
      ['out', 'timeout'],
    );
    expect(event).toEqual([
      expect.objectContaining({
        code: 'INVALID_DURATION',
        path: ['nodes', 1, 'wait', 'timeout', 'expression'],
        message: expect.stringContaining('wait.timeout gave "forever"'),
      }),
    ]);
  });
});
