import { describe, expect, it } from 'vitest';
import { parseLiveEvent } from './liveEvents';
import { keysToInvalidate, mergeKeys } from './queryKeys';

describe('live events', () => {
  it('parses instance and task events and ignores others', () => {
    expect(
      parseLiveEvent(
        'instance',
        '{"seq":3,"kind":"moved","instanceId":"i1","workflowId":"w","status":"running"}',
      ),
    ).toEqual({
      type: 'instance',
      seq: 3,
      kind: 'moved',
      instanceId: 'i1',
      workflowId: 'w',
      status: 'running',
    });
    expect(parseLiveEvent('ready', '{"seq":3}')).toBeUndefined();
    expect(parseLiveEvent('task', 'not json')).toBeUndefined();
    expect(parseLiveEvent('task', '{"seq":1}')).toBeUndefined();
  });

  it('a task event invalidates the tasks and its own instance, not every instance', () => {
    const event = parseLiveEvent(
      'task',
      '{"seq":1,"kind":"created","taskId":"t","instanceId":"i1","workflowId":"w","title":"Approve"}',
    );
    expect(event && keysToInvalidate(event)).toEqual([['tasks'], ['instances', 'i1'], ['statistics']]);
  });

  it('merges a burst, keeping the broadest prefixes', () => {
    expect(mergeKeys([['tasks'], ['instances', 'i1'], ['instances'], ['tasks'], ['statistics']])).toEqual([
      ['tasks'],
      ['instances'],
      ['statistics'],
    ]);
  });
});
