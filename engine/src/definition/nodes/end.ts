import { z } from 'zod';
import { MappingSchema } from '../identifiers';
import { nodeBase } from './base';

export const OUTCOMES = ['completed', 'rejected', 'failed', 'cancelled'] as const;

export const EndNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('end'),
    outcome: z.enum(OUTCOMES).default('completed'),
    /** Output field → expression. */
    output: MappingSchema.default({}),
  })
  .meta({ title: 'End', description: 'Finishes the instance with an outcome and an output' });
