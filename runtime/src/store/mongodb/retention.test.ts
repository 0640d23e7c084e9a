import { describe, expect, it } from 'vitest';
import type { CollectionSpec } from './context';
import { HISTORY } from './history';
import { indexServing } from './indexCoverage';
import { JOBS } from './jobs';
import { allCollections } from './mongoStore';
import { INSTANCES } from './recovery';
import { openRecordQueries, prunableQuery } from './retention';
import { mergeSpecs } from './setup';
import { TASKS, TIMERS } from './recordDocuments';

const specs = new Map(mergeSpecs(allCollections).map((spec) => [spec.name, spec]));
const spec = (name: string): CollectionSpec => specs.get(name)!;

describe('retention queries walk indexes', () => {
  it('finds candidates in end order, for all workflows, all but some, or one', () => {
    const after = { at: 5, id: 'x' };
    expect(indexServing(spec(INSTANCES), prunableQuery({ endedBefore: 10 }))).toBe('instances_ended');
    expect(
      indexServing(spec(INSTANCES), prunableQuery({ endedBefore: 10, exceptWorkflowIds: ['a'] }, after)),
    ).toBe('instances_ended');
    expect(indexServing(spec(INSTANCES), prunableQuery({ endedBefore: 10, workflowId: 'a' }, after))).toBe(
      'instances_ended_by_workflow',
    );
  });

  it('checks open jobs, timers, tasks and running descendants by instance', () => {
    const served = openRecordQueries(['a', 'b']).map(({ collection, filter }) =>
      indexServing(spec(collection), { filter }),
    );
    expect(served).toEqual([
      'jobs_by_instance',
      'timers_by_instance',
      'tasks_by_instance',
      'instances_by_root',
    ]);
  });

  it('deletes the records of pruned instances by instance', () => {
    const filter = { instanceId: { $in: ['a', 'b'] } };
    expect([HISTORY, TASKS, JOBS, TIMERS].map((name) => indexServing(spec(name), { filter }))).toEqual([
      'history_by_instance',
      'tasks_by_instance',
      'jobs_by_instance',
      'timers_by_instance',
    ]);
  });
});
