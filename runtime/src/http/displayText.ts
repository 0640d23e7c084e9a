import { displayTextProblem } from '@flowline/engine';
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
