import { defineAction, permanent } from '@flowline/connector-sdk';
import { evaluateExpression, parseExpression } from '@flowline/engine';
import { z } from 'zod';

export const map = defineAction({
  id: 'map',
  title: 'Map data',
  description:
    'Reshapes data with a CEL expression over `data`, e.g. {"name": data.first + " " + data.last}. The expression is part of the published workflow, never taken from run-time data.',
  input: z.object({
    data: z.unknown().meta({ title: 'Data', description: 'Any JSON value, available as `data`' }),
    expression: z.string().min(1).meta({
      title: 'Expression',
      description: 'A CEL expression that can read only `data`',
      // Tells the designer and validator this field must be a literal written by the author.
      'x-flowline-authored': true,
    }),
  }),
  output: z.object({ result: z.unknown().meta({ title: 'Result' }) }),
  async run(_ctx, input) {
    // Same language, limits and checks as workflow expressions: no host access, bounded cost.
    const parsed = parseExpression(input.expression, ['data']);
    if (!parsed.ok) throw permanent(parsed.error.code, parsed.error.message, { details: parsed.error });
    const evaluated = evaluateExpression(parsed.value, { data: input.data ?? null });
    if (!evaluated.ok)
      throw permanent(evaluated.error.code, evaluated.error.message, { details: evaluated.error });
    return { result: evaluated.value };
  },
});
