import { BUSINESS_KEY_MAX_LENGTH, businessKeyProblem } from '@flowline/engine';
import { z } from '@hono/zod-openapi';

/**
 * A business key as an API field: trimmed, then held to the engine's rule (1–200 characters, one
 * line, no control characters), so a bad one is a 400 naming the field, never a stored oddity.
 * As a list filter an empty value means no filter, like the list's other text filters.
 */
export const businessKeyField = (options: { readonly emptyIsAbsent?: boolean } = {}) =>
  z
    .string()
    .trim()
    .superRefine((key, ctx) => {
      if (key === '' && options.emptyIsAbsent) return;
      const problem = businessKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .openapi({ maxLength: BUSINESS_KEY_MAX_LENGTH, example: 'INC0012345' });
