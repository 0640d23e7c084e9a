import { z } from 'zod';
import { ExpressionSchema, IdentifierSchema } from '../identifiers';
import { nodeBase } from './base';

export const ConditionSchema = z.object({
  /** Also the handle of the edge taken when this condition is the first to hold. */
  id: IdentifierSchema,
  label: z.string().max(120).optional(),
  when: ExpressionSchema,
});

export const DecisionNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('decision'),
    conditions: z.array(ConditionSchema).min(1, { message: 'Add at least one condition' }),
  })
  .meta({
    title: 'Decision',
    description: 'Takes the edge of the first condition that holds, otherwise the default edge',
  });
