import { z } from 'zod';
import { MappingSchema, WorkflowIdSchema } from '../identifiers';
import { nodeBase } from './base';

export const SubworkflowNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('subworkflow'),
    workflowId: WorkflowIdSchema.meta({ description: 'The id of the published workflow to start' }),
    /** A published version, or the latest one at the moment the child starts. */
    version: z
      .union([z.int().min(1), z.literal('latest')])
      .default('latest')
      .meta({ description: 'A published version number, or latest when the child starts' }),
    input: MappingSchema.default({}).meta({ description: 'The child’s request form: field → expression' }),
    /** Workflow variable → expression over `result` ({outcome, output} of the child). */
    output: MappingSchema.default({}).meta({
      description: 'Workflow variable → expression over result (the child’s outcome and output)',
    }),
  })
  .meta({
    title: 'Subworkflow',
    description:
      'Starts a published workflow and waits for its outcome; other outcomes than completed take the error handle',
  });
