import { z } from 'zod';
import { ExpressionSchema, IdentifierSchema } from '../identifiers';
import { nodeBase } from './base';

export const ConditionSchema = z.object({
  /** Also the handle of the edge taken when this condition is the first to hold. */
  id: IdentifierSchema.meta({ description: 'Also the name of the exit taken when this condition holds' }),
  label: z.string().max(120).optional().meta({ description: 'What the exit says on the canvas' }),
  when: ExpressionSchema.meta({ description: 'A yes/no expression, e.g. input.amount > 1000' }),
});

export const DecisionNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('decision'),
    conditions: z.array(ConditionSchema).min(1, { message: 'Add at least one condition' }).meta({
      description: 'Checked in order: the first that holds takes its exit; none takes the default exit',
    }),
  })
  .meta({
    title: 'Decision',
    description: 'Takes the edge of the first condition that holds, otherwise the default edge',
  });
