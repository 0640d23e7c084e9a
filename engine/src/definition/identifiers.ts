import { z } from 'zod';

// Node ids and field names double as names inside expressions (`nodes.managerApproval.outcome`,
// `input.amount`), so they follow identifier rules.
export const IdentifierSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, {
  message: 'Use letters, digits and underscores, starting with a letter (at most 64 characters)',
});

export const WorkflowIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
  message: 'Use lower-case letters, digits and dashes (at most 64 characters)',
});

/** A CEL expression, e.g. `input.amount > 1000` or `"Access to " + input.system`. */
export const ExpressionSchema = z
  .string()
  .min(1, { message: 'Enter an expression' })
  .meta({ title: 'Expression', description: 'A CEL expression over input, vars, nodes and now' });

/** Target field → expression. */
export const MappingSchema = z.record(z.string(), ExpressionSchema);
