import { z } from 'zod';

export const EdgeSchema = z
  .object({
    id: z.string().min(1).max(128),
    source: z.string().min(1),
    /** Which exit of the source: `out`, `error`, `timeout`, `default`, an outcome or a condition id. */
    sourceHandle: z.string().min(1).default('out'),
    target: z.string().min(1),
    label: z.string().max(120).optional(),
  })
  .meta({ title: 'Edge' });
