import { z } from 'zod';
import { IdentifierSchema } from './identifiers';

const OptionSchema = z.object({ value: z.string().min(1), label: z.string().min(1) });

/**
 * One field of a form: the request form a requester fills (the workflow's input) or the extra
 * fields an approver fills when deciding.
 */
export const FormFieldSchema = z
  .object({
    key: IdentifierSchema,
    label: z.string().min(1),
    type: z.enum([
      'string',
      'text',
      'number',
      'integer',
      'boolean',
      'date',
      'datetime',
      'email',
      'select',
      'multiselect',
    ]),
    required: z.boolean().default(false),
    help: z.string().optional(),
    options: z.array(OptionSchema).optional(),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.int().positive().optional(),
  })
  .meta({ title: 'Form field' });

export type FormField = z.infer<typeof FormFieldSchema>;
export type FormFieldInput = z.input<typeof FormFieldSchema>;
