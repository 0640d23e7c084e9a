import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { T0 } from '../contract/fixtures';
import { isStoreError } from '../errors';
import { mongoHealth, unavailableReason } from './health';
import { indexServing } from './indexCoverage';
import { inMemoryMongo } from './inMemoryMongo';
import { statisticsCollections } from './statistics';
import { toPortError, withStoreErrors } from './storeErrors';
import {
  cycleTimePipeline,
  instanceCountsPipeline,
  nearestRanks,
  openTaskCountsPipeline,
  readPercentiles,
  taskCountsPipeline,
  turnaroundPipeline,
} from './statisticsPipelines';

const spec = (name: string) => statisticsCollections.find((collection) => collection.name === name)!;
const match = (pipeline: { $match?: object }[]) => ({ filter: pipeline[0]!.$match! });
const all = { from: T0, to: T0 + 1 };
const one = { ...all, workflowId: 'access' };

describe('MongoDB statistics pipelines', () => {
  it('starts every pipeline with a $match one of the declared indexes serves', () => {
    const instances = spec('instances');
    const tasks = spec('tasks');
    expect(indexServing(instances, match(instanceCountsPipeline(all, ['workflowId'])))).toBe(
      'instances_statistics_by_time',
    );
    expect(indexServing(instances, match(instanceCountsPipeline({ ...one, version: 2 }, ['version'])))).toBe(
      'instances_statistics_by_workflow',
    );
    expect(indexServing(instances, match(cycleTimePipeline(one, 3)))).toBe(
      'instances_statistics_by_workflow',
    );
    expect(indexServing(tasks, match(taskCountsPipeline(all, ['workflowId'])))).toBe(
      'tasks_statistics_by_time',
    );
    expect(indexServing(tasks, match(taskCountsPipeline(one, ['version', 'nodeId'])))).toBe(
      'tasks_statistics_by_workflow',
    );
    expect(indexServing(tasks, match(openTaskCountsPipeline({}, T0, ['workflowId'])))).toBe(
      'tasks_statistics_open',
    );
    expect(
      indexServing(tasks, match(openTaskCountsPipeline({ workflowId: 'a', version: 1 }, T0, ['nodeId']))),
    ).toBe('tasks_statistics_open');
    expect(indexServing(tasks, match(turnaroundPipeline(one, 'cab', 2)))).toBe('tasks_statistics_turnaround');
  });

  it('groups by one field or by several as a compound key', () => {
    expect(instanceCountsPipeline(all, ['workflowId'])[1]).toMatchObject({ $group: { _id: '$workflowId' } });
    expect(taskCountsPipeline(one, ['version', 'nodeId'])[1]).toMatchObject({
      $group: { _id: { version: '$version', nodeId: '$nodeId' } },
    });
  });

  it('takes exact nearest ranks (as the SQLite adapter does) and reads them back', () => {
    expect(nearestRanks(1)).toEqual({ p50: 0, p90: 0 });
    expect(nearestRanks(3)).toEqual({ p50: 1, p90: 2 });
    expect(nearestRanks(10)).toEqual({ p50: 4, p90: 8 });
    expect(cycleTimePipeline(one, 10).at(-1)).toEqual({
      $facet: {
        p50: [{ $sort: { d: 1 } }, { $skip: 4 }, { $limit: 1 }],
        p90: [{ $sort: { d: 1 } }, { $skip: 8 }, { $limit: 1 }],
      },
    });
    expect(readPercentiles({ p50: [{ d: 5 }], p90: [] })).toEqual({ p50: 5, p90: null });
    expect(readPercentiles(undefined)).toEqual({ p50: null, p90: null });
  });
});

describe('MongoDB write health', () => {
  it('names why a write cannot commit', () => {
    const server = (code: number) => new MongoServerError({ message: 'x', code });
    expect(unavailableReason(server(14031))).toBe('disk-full');
    expect(unavailableReason(server(10107))).toBe('read-only');
    expect(unavailableReason(server(64))).toBe('busy');
    expect(unavailableReason(new MongoNetworkError('reset'))).toBe('io-error');
  });

  it('probes with a write at most every 10 s while probes pass, and at once after a failure', async () => {
    const { context, collection } = inMemoryMongo([]);
    const probes = collection('health');
    let fail = false;
    const write = probes.updateOne.bind(probes);
    let writes = 0;
    probes.updateOne = async (...args: Parameters<typeof write>) => {
      writes += 1;
      if (fail) throw new MongoServerError({ message: 'not primary', code: 10107 });
      return write(...args);
    };
    const health = mongoHealth(context);
    await health.checkWritable(T0);
    await health.checkWritable(T0 + 9_999);
    expect(writes).toBe(1);
    expect(await probes.findOne({ _id: 'writable' })).toEqual({ _id: 'writable', at: T0 });
    fail = true;
    await expect(health.checkWritable(T0 + 10_000)).rejects.toSatisfy(
      (error) => isStoreError(error, 'UNAVAILABLE') && error.reason === 'read-only',
    );
    fail = false;
    await health.checkWritable(T0 + 10_001);
    expect(writes).toBe(3);
  });
});

describe('MongoDB driver errors as the port’s errors', () => {
  it('tells a duplicate as CONFLICT and a failing database as UNAVAILABLE, naming part and method', async () => {
    const part = withStoreErrors('jobs', {
      async duplicate(): Promise<void> {
        throw new MongoServerError({ message: 'E11000', code: 11000 });
      },
      async noPrimary(): Promise<void> {
        throw new MongoServerError({ message: 'not primary', code: 10107 });
      },
      async validation(): Promise<void> {
        throw new MongoServerError({ message: 'Document failed validation', code: 121 });
      },
      async ours(): Promise<void> {
        throw new TypeError('a bug');
      },
    });
    await expect(part.duplicate()).rejects.toSatisfy((error) => isStoreError(error, 'CONFLICT'));
    await expect(part.noPrimary()).rejects.toSatisfy(
      (error) =>
        isStoreError(error, 'UNAVAILABLE') &&
        error.reason === 'read-only' &&
        /jobs\.noPrimary/.test(error.message),
    );
    await expect(part.validation()).rejects.toBeInstanceOf(MongoServerError);
    await expect(part.ours()).rejects.toBeInstanceOf(TypeError);
    expect(toPortError(new TypeError('x'), 'here')).toBeInstanceOf(TypeError);
  });
});
