import { z } from 'zod';
import { MappingSchema } from '../identifiers';
import { nodeBase } from './base';

export const OUTCOMES = ['completed', 'rejected', 'failed', 'cancelled'] as const;

export const EndNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('end'),
    outcome: z
      .enum(OUTCOMES)
      .default('completed')
      .meta({ description: 'How the instance ends, as reports and a calling workflow see it' }),
    /** Output field → expression. */
    output: MappingSchema.default({}).meta({
      description: 'What the instance returns: output field → expression',
    }),
  })
  .meta({ title: 'End', description: 'Finishes the instance with an outcome and an output' });
