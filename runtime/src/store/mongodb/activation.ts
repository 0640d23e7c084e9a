/**
 * Deactivated workflows. Collection `workflowActivations`, one document per workflow ever
 * deactivated (none: active), read by id only:
 *
 *   { _id: workflowId, active: boolean, changedAt, changedBy }
 */
import { StoreError } from '../errors';
import type { ActivationStore } from '../port';
import type { WorkflowActivation } from '../schemas/activation';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { isDuplicateKey } from './duplicateKey';
import { bool, num, str, validator } from './schemaParts';
import { withStoreErrors } from './storeErrors';

export const WORKFLOW_ACTIVATIONS = 'workflowActivations';

export const activationCollections: CollectionSpec[] = [
  {
    name: WORKFLOW_ACTIVATIONS,
    validator: validator(['_id', 'active', 'changedAt', 'changedBy'], {
      _id: str,
      active: bool,
      changedAt: num,
      changedBy: str,
    }),
    indexes: [],
  },
];

interface ActivationDocument {
  _id: string;
  active: boolean;
  changedAt: number;
  changedBy: string;
}

const toActivation = ({ _id, active, changedAt, changedBy }: ActivationDocument): WorkflowActivation => ({
  workflowId: _id,
  active,
  changedAt,
  changedBy,
});

/** Another replica changing the same workflow at once makes a write miss; reading again settles it. */
const ATTEMPTS = 5;

export function mongoActivation(context: MongoContext): ActivationStore {
  const activations = consistentCollection<ActivationDocument>(context, WORKFLOW_ACTIVATIONS);

  return withStoreErrors('activation', {
    async setWorkflowActive({ workflowId, ...change }: WorkflowActivation) {
      for (let attempt = 1; ; attempt += 1) {
        const current = await activations.findOne({ _id: workflowId });
        if ((current?.active ?? true) === change.active) return current ? toActivation(current) : null;
        // A compare-and-set on the state read: of two replicas changing it at once, one writes.
        const written = current
          ? (await activations.updateOne({ _id: workflowId, active: current.active }, { $set: change }))
              .modifiedCount === 1
          : await activations.insertOne({ _id: workflowId, ...change }).then(
              () => true,
              (error: unknown) => {
                if (isDuplicateKey(error)) return false;
                throw error;
              },
            );
        if (written) return { workflowId, ...change };
        if (attempt >= ATTEMPTS)
          throw new StoreError('CONFLICT', `${workflowId} kept changing while being set; try again.`);
      }
    },

    async getWorkflowActivation(workflowId: string) {
      const doc = await activations.findOne({ _id: workflowId });
      return doc ? toActivation(doc) : null;
    },

    async listWorkflowActivations(workflowIds: readonly string[]) {
      if (workflowIds.length === 0) return [];
      const docs = await activations
        .find({ _id: { $in: [...new Set(workflowIds)] } })
        .sort({ _id: 1 })
        .toArray();
      return docs.map(toActivation);
    },
  });
}
