import { z } from 'zod';
import { EpochMsSchema } from './common';

/**
 * Whether a published workflow may start new instances, with who last changed that and when. A
 * workflow without a record is active: records exist only once someone deactivated it.
 */
export const WorkflowActivationSchema = z.object({
  workflowId: z.string().min(1),
  active: z.boolean(),
  changedAt: EpochMsSchema,
  changedBy: z.string().min(1),
});
export type WorkflowActivation = z.infer<typeof WorkflowActivationSchema>;
