import { describe, expect, it } from 'vitest';
import { aWorkflow, n } from '../testing';
import { callSitesOf, subworkflowCycles, type CalledVersion } from './subworkflowCycles';

/** A version that calls `calls` (workflowId or workflowId@version). */
const version = (workflowId: string, v: number, ...calls: string[]): CalledVersion => ({
  workflowId,
  version: v,
  calls: calls.map((target, i) => {
    const [id, pinned] = target.split('@');
    return {
      nodeId: `call${i}`,
      nodeName: `Call ${i}`,
      path: ['nodes', i + 1, 'workflowId'],
      workflowId: id!,
      version: pinned ? Number(pinned) : 'latest',
    };
  }),
});

/** Resolves against published versions, with `start` as the latest of its workflow. */
function resolverFor(start: CalledVersion, published: CalledVersion[]) {
  const all = [...published, start];
  return (workflowId: string, v: number | 'latest') => {
    const mine = all.filter((p) => p.workflowId === workflowId);
    if (v !== 'latest') return mine.find((p) => p.version === v);
    if (workflowId === start.workflowId) return start;
    return mine.sort((a, b) => b.version - a.version)[0];
  };
}

describe('subworkflow cycles', () => {
  it('finds a workflow that starts itself, on the calling node', () => {
    const a = version('a', 1, 'a');
    expect(subworkflowCycles(a, resolverFor(a, []))).toEqual([
      expect.objectContaining({
        code: 'SUBWORKFLOW_CYCLE',
        severity: 'error',
        nodeId: 'call0',
        path: ['nodes', 1, 'workflowId'],
        message:
          '"Call 0" starts this workflow itself: a workflow must not start itself, directly or through others',
      }),
    ]);
  });

  it('finds a cycle through other published workflows, naming each hop', () => {
    const a = version('a', 2, 'b');
    const published = [version('a', 1), version('b', 1, 'c@3'), version('c', 3, 'a')];
    const [found] = subworkflowCycles(a, resolverFor(a, published));
    expect(found?.message).toBe(
      '"Call 0" starts "b" (version 1), which starts "c" (version 3), which starts this workflow again: a workflow must not start itself, directly or through others',
    );
  });

  it('follows a pinned older version of the same workflow back through "latest"', () => {
    const a = version('a', 2, 'a@1');
    expect(subworkflowCycles(a, resolverFor(a, [version('a', 1, 'a')]))).toHaveLength(1);
  });

  it('accepts a call to a pinned version that does not call back', () => {
    const a = version('a', 2, 'a@1', 'b');
    const published = [version('a', 1), version('b', 1, 'a@1')];
    expect(subworkflowCycles(a, resolverFor(a, published))).toEqual([]);
  });

  it('accepts calls to workflows not published yet, and terminates on cycles elsewhere', () => {
    const a = version('a', 1, 'missing', 'b');
    const published = [version('b', 1, 'c'), version('c', 1, 'b')];
    expect(subworkflowCycles(a, resolverFor(a, published))).toEqual([]);
  });

  it('reads the call sites of a definition', () => {
    const definition = aWorkflow('a')
      .nodes(n.trigger(), n.sub('one', 'b'), n.sub('two', 'c', { version: 4 }), n.end('done'))
      .edges('start -> one', 'one -> two', 'two -> done')
      .build();
    expect(callSitesOf(definition)).toEqual([
      {
        nodeId: 'one',
        nodeName: 'one',
        path: ['nodes', 1, 'workflowId'],
        workflowId: 'b',
        version: 'latest',
      },
      { nodeId: 'two', nodeName: 'two', path: ['nodes', 2, 'workflowId'], workflowId: 'c', version: 4 },
    ]);
  });
});
