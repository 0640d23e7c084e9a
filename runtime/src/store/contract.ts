import { describe } from 'vitest';
import { describeActivation } from './contract/activation';
import { describeAuth } from './contract/auth';
import { describeBusinessKeys } from './contract/businessKeys';
import { describeChanges } from './contract/changes';
import { describeGroups } from './contract/groups';
import { type StoreContractOptions, useContractContext } from './contract/context';
import { describeCronAndOnce } from './contract/cronAndOnce';
import { describeEffects } from './contract/effects';
import { describeHealth } from './contract/health';
import { describeInstances } from './contract/instances';
import { describeJobs, describeTimers } from './contract/jobsAndTimers';
import { describeMessageFencing } from './contract/messageFencing';
import { describeMessages } from './contract/messages';
import { describeHistory, describeOutbox } from './contract/outboxAndHistory';
import { describeRetention } from './contract/retention';
import { describeSharedData } from './contract/sharedData';
import { describeStatistics } from './contract/statistics';
import { describeTasks } from './contract/tasks';
import { describeWorkflows } from './contract/workflows';

export type { StoreContractOptions, StoreHarness } from './contract/context';

/**
 * The behaviour every Store adapter must show, as one shared vitest suite (Hono's router
 * `common.case.test` shape): an adapter's test calls this with a factory for fresh, empty stores
 * and names any test it cannot meet, with the reason.
 *
 * @example
 * runStoreContract({ name: 'sqlite', makeStore: async () => ({ store, cleanup }) });
 */
export function runStoreContract(options: StoreContractOptions): void {
  describe(`Store contract: ${options.name}`, () => {
    const context = useContractContext(options);
    describeWorkflows(context);
    describeInstances(context);
    describeBusinessKeys(context);
    describeOutbox(context);
    describeEffects(context);
    describeHistory(context);
    describeJobs(context);
    describeTimers(context);
    describeTasks(context);
    describeCronAndOnce(context);
    describeAuth(context);
    describeSharedData(context);
    describeHealth(context);
    describeChanges(context);
    describeGroups(context);
    describeStatistics(context);
    describeRetention(context);
    describeActivation(context);
    describeMessages(context);
    describeMessageFencing(context);
  });
}
