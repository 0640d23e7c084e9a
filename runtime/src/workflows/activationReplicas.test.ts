import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../testing/testRuntime';
import { createActivationSwitch } from './activationSwitch';

const simple = aWorkflow('simple').nodes(n.trigger(), n.end('done')).edges('start -> done').document();

// The executor reads the activation record on every start and keeps no copy of it: nothing tells
// a replica that another one deactivated a workflow (the publication log and the change feed carry
// no activation, and are read on a tick), so a copy would let it start instances after the
// deactivation had answered. These pin the promise a cache would break.
describe('a deactivation made through one replica', () => {
  let one: TestRuntime;
  let two: TestRuntime;
  beforeEach(async () => {
    one = await createTestRuntime();
    two = await createTestRuntime({ path: one.path });
    await one.publish(simple);
  });
  afterEach(async () => {
    await two.close();
    await one.close();
  });

  const setActive = (active: boolean) =>
    createActivationSwitch({ store: one.store, now: () => one.clock.now() })('simple', active, 'dan');
  const startOn = (replica: TestRuntime) =>
    replica.executor.start({ workflowId: 'simple', input: {}, startedBy: 'maria' });

  it('refuses the next start on the other replica at once, with no tick or time between', async () => {
    // The other replica has started this workflow before: whatever it read then is warm.
    await expect(startOn(two)).resolves.toMatchObject({ workflowId: 'simple' });
    await expect(startOn(two)).resolves.toMatchObject({ workflowId: 'simple' });
    await setActive(false);
    await expect(startOn(two)).rejects.toMatchObject({ code: 'WORKFLOW_INACTIVE' });
    await expect(startOn(one)).rejects.toMatchObject({ code: 'WORKFLOW_INACTIVE' });
  });

  it('lets the other replica start it again at once after an activation', async () => {
    await setActive(false);
    await expect(startOn(two)).rejects.toMatchObject({ code: 'WORKFLOW_INACTIVE' });
    await setActive(true);
    await expect(startOn(two)).resolves.toMatchObject({ workflowId: 'simple' });
  });
});
