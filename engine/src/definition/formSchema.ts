import { z } from 'zod';
import { fieldName, requiredMessage } from './fieldName';
import type { FormField } from './formField';

function fieldValidator(field: FormField): z.ZodType {
  // A missing value reads `"Access level" is required`, not a type error.
  const required = {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? requiredMessage(field.label) : undefined,
  };
  switch (field.type) {
    case 'string':
    case 'text': {
      let s = z.string(required);
      if (field.maxLength !== undefined) s = s.max(field.maxLength);
      // Spaces alone are no answer to a required question (a justification of "   ").
      return field.required
        ? s
            .min(1, { message: requiredMessage(field.label) })
            .refine((text) => text.trim() !== '', { message: requiredMessage(field.label) })
        : s;
    }
    case 'email':
      return z
        .string(required)
        .pipe(z.email({ message: `${fieldName(field.label)} must be an e-mail address` }));
    case 'number':
    case 'integer': {
      let n = field.type === 'integer' ? z.int(required) : z.number(required);
      if (field.min !== undefined) n = n.min(field.min);
      if (field.max !== undefined) n = n.max(field.max);
      return n;
    }
    case 'boolean':
      return z.boolean(required);
    case 'date':
      return z.iso.date({
        error: (issue) =>
          issue.input === undefined
            ? requiredMessage(field.label)
            : `${fieldName(field.label)} must be a date (YYYY-MM-DD)`,
      });
    case 'datetime':
      return z.iso.datetime({
        offset: true,
        error: (issue) =>
          issue.input === undefined
            ? requiredMessage(field.label)
            : `${fieldName(field.label)} must be a date and time`,
      });
    case 'select': {
      const values = (field.options ?? []).map((o) => o.value);
      return z.string(required).refine((v) => values.includes(v), {
        message: `${fieldName(field.label)} must be one of ${values.join(', ')}`,
      });
    }
    case 'multiselect': {
      const values = (field.options ?? []).map((o) => o.value);
      return z.array(
        z.string().refine((v) => values.includes(v), {
          message: `${fieldName(field.label)}: choose from ${values.join(', ')}`,
        }),
        required,
      );
    }
  }
}

/**
 * A strict validator for data filled into a form: unknown keys are refused (they would
 * otherwise ride along into the instance), required fields enforced, defaults applied.
 */
export function formToValidator(fields: readonly FormField[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const base = fieldValidator(field);
    shape[field.key] = field.required
      ? base
      : field.default !== undefined
        ? base.default(field.default as never)
        : base.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

/** JSON Schema of a form, for editors and API documentation. */
export function formToJsonSchema(fields: readonly FormField[]): Record<string, unknown> {
  return z.toJSONSchema(formToValidator(fields), { unrepresentable: 'any' }) as Record<string, unknown>;
}
