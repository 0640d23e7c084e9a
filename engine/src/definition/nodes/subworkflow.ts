import { z } from 'zod';
import { MappingSchema, WorkflowIdSchema } from '../identifiers';
import { nodeBase } from './base';

export const SubworkflowNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('subworkflow'),
    workflowId: WorkflowIdSchema,
    /** A published version, or the latest one at the moment the child starts. */
    version: z.union([z.int().min(1), z.literal('latest')]).default('latest'),
    input: MappingSchema.default({}),
    /** Workflow variable → expression over `result` ({outcome, output} of the child). */
    output: MappingSchema.default({}),
  })
  .meta({
    title: 'Subworkflow',
    description:
      'Starts a published workflow and waits for its outcome; other outcomes than completed take the error handle',
  });
