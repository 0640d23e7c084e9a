import { aWorkflow, n } from '@flowline/engine/testing';
import { describe, expect, it } from 'vitest';
import { parallelLanes } from './parallelEdges';
import { stableEdges } from './stableFlow';
import { toFlow } from './toFlow';

const joined = () =>
  aWorkflow('joined')
    .variables('x')
    .nodes(
      n.trigger(),
      n.approval('review'),
      n.transform('notify', { x: '1' }),
      n.decision('route', [
        { id: 'small', when: 'vars.x < 10' },
        { id: 'large', when: 'vars.x >= 10' },
      ]),
      n.parallel('split'),
      n.end('done'),
    )
    .edges(
      'start -> review',
      // Listed bottom exit first: lanes follow the exits' order on the node, not the list's.
      'review:rejected -> notify',
      'review:approved -> notify',
      'notify -> route',
      'route:large -> split',
      'route:default -> split',
      'route:small -> split',
      'split -> done',
      'split -> done',
    )
    .build();

describe('parallel edges', () => {
  it('gives each edge joining the same two steps a lane, in the order of their exits on the source', () => {
    const lanes = parallelLanes(joined());
    expect(lanes.get('e2')).toEqual({ index: 1, count: 2, sharedExit: false });
    expect(lanes.get('e3')).toEqual({ index: 0, count: 2, sharedExit: false });
    // The decision's conditions come first, in order, then its default.
    expect(['e7', 'e5', 'e6'].map((id) => lanes.get(id)?.index)).toEqual([0, 1, 2]);
    expect(lanes.get('e6')?.count).toBe(3);
  });

  it('leaves an edge alone between its two steps without a lane', () => {
    const lanes = parallelLanes(joined());
    expect(lanes.has('e1')).toBe(false);
    expect(lanes.has('e4')).toBe(false);
  });

  it("marks a parallel split's branches to one step as sharing their exit, ordered by id", () => {
    const lanes = parallelLanes(joined());
    expect(lanes.get('e8')).toEqual({ index: 0, count: 2, sharedExit: true });
    expect(lanes.get('e9')).toEqual({ index: 1, count: 2, sharedExit: true });
  });

  it('does not group edges that join the same two steps the other way round', () => {
    const definition = aWorkflow('loop')
      .nodes(n.trigger(), n.manualTask('a'), n.manualTask('b'), n.end('done'))
      .edges('start -> a', 'a:approved -> b', 'a:rejected -> done', 'b:approved -> a', 'b:rejected -> done')
      .build();
    expect(parallelLanes(definition).size).toBe(0);
  });

  it('draws the lane on the edge, and draws the edge again when its lane changes', () => {
    const definition = joined();
    const before = toFlow(definition).edges;
    expect(before.find((e) => e.id === 'e3')?.data?.lane).toEqual({ index: 0, count: 2, sharedExit: false });
    expect(before.find((e) => e.id === 'e1')?.data).not.toHaveProperty('lane');
    const fewer = toFlow({ ...definition, edges: definition.edges.filter((e) => e.id !== 'e2') }).edges;
    const after = stableEdges(before, fewer);
    expect(after.find((e) => e.id === 'e3')).not.toBe(before.find((e) => e.id === 'e3'));
    expect(after.find((e) => e.id === 'e3')?.data).not.toHaveProperty('lane');
    expect(after.find((e) => e.id === 'e1')).toBe(before.find((e) => e.id === 'e1'));
  });
});
