import { z } from 'zod';
import { IdentifierSchema } from './identifiers';

const OptionSchema = z.object({ value: z.string().min(1), label: z.string().min(1) });

/**
 * One field of a form: the request form a requester fills (the workflow's input) or the extra
 * fields an approver fills when deciding.
 */
export const FormFieldSchema = z
  .object({
    key: IdentifierSchema.meta({ description: 'The name expressions read it by, e.g. input.system' }),
    label: z.string().min(1).meta({ description: 'What the person filling the form sees' }),
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
    required: z.boolean().default(false).meta({ description: 'The form cannot be sent without it' }),
    help: z.string().optional().meta({ description: 'A hint shown under the field' }),
    format: z.enum(['user']).optional().meta({
      description:
        'What a string field holds, for the form to offer a fitting input: "user" is a person (their user id), picked from the people directory',
    }),
    options: z.array(OptionSchema).optional().meta({ description: 'The choices of a select or multiselect' }),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.int().positive().optional(),
  })
  .meta({ title: 'Form field' });

export type FormField = z.infer<typeof FormFieldSchema>;
export type FormFieldInput = z.input<typeof FormFieldSchema>;
