import { describe } from 'vitest';
import { describeAuth } from '../contract/auth';
import { useContractContext } from '../contract/context';
import { describeCronAndOnce } from '../contract/cronAndOnce';
import { describeGroups } from '../contract/groups';
import { describeHealth } from '../contract/health';
import { describeJobs, describeTimers } from '../contract/jobsAndTimers';
import { describeStatistics } from '../contract/statistics';
import { describeTasks } from '../contract/tasks';
import type { Store } from '../port';
import type { CommitResult } from '../schemas/instance';
import { cronCollections, mongoCron, mongoOnceTokens } from './cronAndOnce';
import { groupCollections, mongoGroups } from './groups';
import { healthCollections, mongoHealth } from './health';
import { inMemoryMongo } from './inMemoryMongo';
import { jobCollections, mongoJobs } from './jobs';
import { mongoSecrets, secretCollections } from './secrets';
import { mongoStatistics, statisticsCollections } from './statistics';
import { mongoTasks, taskCollections } from './tasks';
import { mongoTimers, timerCollections } from './timers';
import { userCollections, mongoUsers } from './users';

/**
 * The contract suites of this branch's parts, run against those parts over the in-memory
 * stand-in (inMemoryMongo.ts): every filter, update and pipeline they send is evaluated by a
 * MongoDB query-language implementation, so the code paths the contract walks run here. The
 * instance methods statistics need are minimal stand-ins for h/mongo-core's part (the fields
 * statistics read: workflowId, version, createdAt, endStatus, endedAt); the whole adapter runs
 * the whole contract in mongoStore.contract.test.ts against a real server.
 */
function partsStore(): Store {
  const { context, collection } = inMemoryMongo([
    ...jobCollections,
    ...timerCollections,
    ...taskCollections,
    ...cronCollections,
    ...userCollections,
    ...groupCollections,
    ...secretCollections,
    ...statisticsCollections,
    ...healthCollections,
  ]);
  const instances = collection('instances');
  const tasks = mongoTasks(context, { recordTaskChanges: async () => {} });
  const parts: Partial<Store> = {
    ...mongoJobs(context),
    ...mongoTimers(context),
    ...tasks,
    ...mongoCron(context),
    ...mongoOnceTokens(context),
    ...mongoUsers(context),
    ...mongoGroups(context),
    ...mongoSecrets(context),
    ...mongoStatistics(context),
    ...mongoHealth(context),
    async createInstance(instance) {
      const { id, workflowId, version, status, rev, createdAt } = instance;
      await instances.insertOne({ _id: id, workflowId, version, status, rev, createdAt });
    },
    async commitSteps(steps) {
      const results: CommitResult[] = [];
      for (const step of steps) {
        const ended = step.set.status !== 'running';
        const written = await instances.updateOne(
          { _id: step.instanceId, rev: step.expectedRev },
          {
            $set: {
              status: step.set.status,
              ...(ended ? { endStatus: step.set.status, endedAt: step.set.updatedAt } : {}),
            },
            $inc: { rev: 1 },
            ...(ended ? {} : { $unset: { endStatus: '', endedAt: '' } }),
          },
        );
        if (written.matchedCount === 0) {
          results.push({ ok: false, reason: 'conflict' });
          continue;
        }
        for (const effect of step.effects ?? [])
          if (effect.type === 'task.cancel')
            await tasks.cancelTasks(effect.instanceId, effect.nodeId, effect.at);
        results.push({ ok: true, rev: step.expectedRev + 1 });
      }
      return results;
    },
    async close() {},
  };
  return new Proxy(parts, {
    get(target, name) {
      if (name in target) return target[name as keyof Store];
      throw new Error(`${String(name)} is h/mongo-core's part, not stood in for here.`);
    },
  }) as Store;
}

describe('MongoDB adapter parts over an in-memory stand-in', () => {
  const context = useContractContext({
    name: 'mongodb parts (in memory)',
    makeStore: async () => ({ store: partsStore(), cleanup: async () => {} }),
  });
  describeJobs(context);
  describeTimers(context);
  describeTasks(context);
  describeCronAndOnce(context);
  describeAuth(context);
  describeGroups(context);
  describeHealth(context);
  describeStatistics(context);
});
