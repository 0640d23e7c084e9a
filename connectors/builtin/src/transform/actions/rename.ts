import { defineAction } from '@flowline/connector-sdk';
import { isSafeKey } from '@flowline/engine';
import { z } from 'zod';
import { forbiddenKeyMessage } from '../../validation/forbiddenKeys';

const FieldNameSchema = z.string().min(1).refine(isSafeKey, forbiddenKeyMessage);

export const rename = defineAction({
  id: 'rename',
  title: 'Rename fields',
  description: 'Renames top-level fields of an object (old name → new name); other fields are kept.',
  input: z.object({
    data: z.record(z.string(), z.unknown()).meta({ title: 'Object' }),
    mapping: z
      .record(FieldNameSchema, FieldNameSchema)
      .meta({ title: 'Renames', description: 'Old name → new name' }),
  }),
  output: z.object({ result: z.record(z.string(), z.unknown()).meta({ title: 'Result' }) }),
  async run(_ctx, input) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input.data)) {
      if (!isSafeKey(key)) continue;
      result[Object.hasOwn(input.mapping, key) ? (input.mapping[key] ?? key) : key] = value;
    }
    return { result };
  },
});
