import { z } from 'zod';
import { MappingSchema } from '../identifiers';
import { nodeBase } from './base';

export const TransformNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('transform'),
    /** Workflow variable → expression; every expression sees the scope as the node was entered. */
    // The refine gives the plain-words message; minProperties carries the rule into the JSON Schema.
    set: MappingSchema.refine((set) => Object.keys(set).length > 0, {
      message: 'Set at least one variable',
    }).meta({
      minProperties: 1,
      description: 'Workflow variable → expression; every expression sees the values as the step began',
    }),
  })
  .meta({
    title: 'Set variables',
    description: 'Assigns expression results to workflow variables and continues at once (no job, no wait)',
  });
