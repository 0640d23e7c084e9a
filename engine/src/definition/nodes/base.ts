import { z } from 'zod';
import { IdentifierSchema } from '../identifiers';

/** Fields every node has: a stable id (used in expressions and history) and a label. */
export const nodeBase = {
  id: IdentifierSchema,
  name: z.string().min(1).max(120),
  description: z
    .string()
    .max(2000)
    .optional()
    .meta({ description: 'Notes for people reading the workflow; no meaning to the engine' }),
};
