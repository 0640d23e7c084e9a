import type { z } from '@hono/zod-openapi';

/**
 * A list whose items are a set (roles, groups): each repeat is refused at its own index
 * (`roles.1`), since storing it twice would answer a list no one meant and a later removal of
 * one would leave the other.
 */
export function refuseRepeats(items: readonly unknown[], ctx: z.RefinementCtx<readonly unknown[]>): void {
  const seen = new Set<unknown>();
  items.forEach((item, index) => {
    if (seen.has(item))
      ctx.addIssue({ code: 'custom', path: [index], message: `${JSON.stringify(item)} is listed twice` });
    seen.add(item);
  });
}
