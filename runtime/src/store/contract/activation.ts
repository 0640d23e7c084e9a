import { describe, expect, it } from 'vitest';
import type { WorkflowActivation } from '../schemas/activation';
import type { ContractContext } from './context';
import { T0 } from './fixtures';

const change = (active: boolean, overrides: Partial<WorkflowActivation> = {}): WorkflowActivation => ({
  workflowId: 'access-request',
  active,
  changedAt: T0,
  changedBy: 'ada',
  ...overrides,
});

export function describeActivation({ store }: ContractContext): void {
  describe('workflow activation', () => {
    it('knows no record for a workflow never deactivated, and activating it writes none', async () => {
      expect(await store().getWorkflowActivation('access-request')).toBeNull();
      expect(await store().setWorkflowActive(change(true))).toBeNull();
      expect(await store().getWorkflowActivation('access-request')).toBeNull();
      expect(await store().listWorkflowActivations(['access-request'])).toEqual([]);
    });

    it('records who deactivated a workflow and when, and keeps the first on a second deactivation', async () => {
      expect(await store().setWorkflowActive(change(false))).toEqual(change(false));
      const again = await store().setWorkflowActive(change(false, { changedAt: T0 + 5, changedBy: 'bob' }));
      expect(again).toEqual(change(false));
      expect(await store().getWorkflowActivation('access-request')).toEqual(change(false));
    });

    it('activates it again, naming who did, and back', async () => {
      await store().setWorkflowActive(change(false));
      const activated = change(true, { changedAt: T0 + 10, changedBy: 'bob' });
      expect(await store().setWorkflowActive(activated)).toEqual(activated);
      expect(await store().getWorkflowActivation('access-request')).toEqual(activated);
      expect(await store().setWorkflowActive(change(true, { changedAt: T0 + 11 }))).toEqual(activated);
      const deactivated = change(false, { changedAt: T0 + 20, changedBy: 'cy' });
      expect(await store().setWorkflowActive(deactivated)).toEqual(deactivated);
      expect(await store().getWorkflowActivation('access-request')).toEqual(deactivated);
    });

    it('lists the records of the workflows asked for, by id, each once', async () => {
      await store().setWorkflowActive(change(false, { workflowId: 'b' }));
      await store().setWorkflowActive(change(false, { workflowId: 'a' }));
      await store().setWorkflowActive(change(false, { workflowId: 'c' }));
      await store().setWorkflowActive(change(true, { workflowId: 'c', changedAt: T0 + 1 }));
      expect(await store().listWorkflowActivations([])).toEqual([]);
      expect(await store().listWorkflowActivations(['c', 'a', 'nope', 'a'])).toEqual([
        change(false, { workflowId: 'a' }),
        change(true, { workflowId: 'c', changedAt: T0 + 1 }),
      ]);
    });

    it('names one of two deactivating at once, for both', async () => {
      const [first, second] = await Promise.all([
        store().setWorkflowActive(change(false)),
        store().setWorkflowActive(change(false, { changedAt: T0 + 1, changedBy: 'bob' })),
      ]);
      const stored = await store().getWorkflowActivation('access-request');
      expect([change(false), change(false, { changedAt: T0 + 1, changedBy: 'bob' })]).toContainEqual(stored);
      expect(first).toEqual(stored);
      expect(second).toEqual(stored);
    });
  });
}
