import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger';
import { createTestRuntime, type TestRuntime } from '../testing';
import { createCronTriggers } from './cronTriggers';

const hourly = aWorkflow('hourly-report')
  .nodes(
    {
      id: 'tick',
      name: 'Every hour',
      kind: 'trigger',
      trigger: { type: 'cron', schedule: '0 * * * *', timezone: 'UTC', catchUp: 'none' },
    },
    n.end('done'),
  )
  .edges('tick -> done')
  .document();

describe('cron triggers of published workflows', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
    await rt.store.saveDraft({
      workflowId: hourly.id,
      name: hourly.name,
      definition: hourly as never,
      expectedDraftRev: 0,
      updatedAt: 0,
      updatedBy: 'test',
    });
    await rt.publish(hourly);
  });
  afterEach(() => rt.close());

  it('starts the instance of a fire whose claimer died before starting it, once', async () => {
    const cron = createCronTriggers({ store: rt.store, clock: rt.clock, logger: silentLogger, core: rt });
    const first = Date.parse('2026-01-05T09:30:00Z');
    const due = Date.parse('2026-01-05T10:00:00Z');
    await cron.tick(first);
    await rt.store.claimCronFire({ workflowId: hourly.id, triggerId: 'tick', scheduledAt: due });
    await cron.tick(due + 5);
    await cron.tick(due + 10);
    const { items } = await rt.store.listInstances({ workflowId: hourly.id }, { limit: 10 });
    expect(items.map((i) => [i.id, i.status, i.startedBy])).toEqual([
      [`cron-${hourly.id}-tick-${due}`, 'completed', 'cron'],
    ]);
  });
});
