import { defineAction } from '@flowline/connector-sdk';
import { z } from 'zod';

export const pick = defineAction({
  id: 'pick',
  title: 'Pick fields',
  description: 'Keeps only the named top-level fields of an object; missing ones are left out.',
  input: z.object({
    data: z.record(z.string(), z.unknown()).meta({ title: 'Object' }),
    keys: z.array(z.string().min(1)).min(1).max(200).meta({ title: 'Fields to keep' }),
  }),
  output: z.object({ result: z.record(z.string(), z.unknown()).meta({ title: 'Result' }) }),
  async run(_ctx, input) {
    const result: Record<string, unknown> = {};
    for (const key of input.keys) if (Object.hasOwn(input.data, key)) result[key] = input.data[key];
    return { result };
  },
});
