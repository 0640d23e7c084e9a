import { displayTextProblem, freeTextProblem } from '@flowline/engine';
import type { z } from '@hono/zod-openapi';

/**
 * The engine's rule for text people read (no control characters, no text-direction controls) as
 * a check on an API field: a user's or group's name, a token's name.
 */
export const refuseUnsafeText =
  (options: { readonly multiline?: boolean } = {}) =>
  (text: string, ctx: z.RefinementCtx<string>): void => {
    const problem = displayTextProblem(text, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };

/**
 * The engine's rule for free text others read (a decision or delegation comment, a cancel or
 * withdraw reason, a publish note): no control characters; line breaks, tabs and text-direction
 * controls stay, since right-to-left writing needs the latter and every display isolates it.
 */
export const refuseControlCharacters = (text: string, ctx: z.RefinementCtx<string>): void => {
  const problem = freeTextProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
