import { z } from 'zod';
import { DurationSchema } from '../duration';
import { MappingSchema } from '../identifiers';
import { nodeBase } from './base';

export const RetryPolicySchema = z
  .object({
    maxAttempts: z.int().min(1).max(20).default(3).meta({ description: 'Tries in all, the first included' }),
    initialDelay: DurationSchema.default('PT1S').meta({ description: 'The wait before the second try' }),
    multiplier: z
      .number()
      .min(1)
      .max(10)
      .default(2)
      .meta({ description: 'Each wait is this many times the one before' }),
    maxDelay: DurationSchema.default('PT5M').meta({ description: 'The longest wait between two tries' }),
  })
  .meta({
    title: 'Retry policy',
    description: 'Retryable failures are tried again with exponential backoff',
  });

export const TaskNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('task'),
    /** `connectorId.actionId`, e.g. `servicenow.createIncident`. */
    action: z.string().regex(/^[a-z0-9][a-z0-9-]*\.[A-Za-z][A-Za-z0-9]*$/, {
      message: 'Name a connector action as connector.action, e.g. servicenow.createIncident',
    }),
    /** Name of a stored connection (credentials + settings) for the connector. */
    connection: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Name of a stored connection (credentials and settings) for this connector' }),
    /** Action input field → expression. */
    input: MappingSchema.default({}),
    /** Workflow variable → expression over `result` (the action's output). */
    output: MappingSchema.default({}),
    retry: RetryPolicySchema.default({
      maxAttempts: 3,
      initialDelay: 'PT1S',
      multiplier: 2,
      maxDelay: 'PT5M',
    }),
    timeout: DurationSchema.default('PT30S').meta({
      description: 'How long one attempt may take before it counts as failed',
    }),
  })
  .meta({
    title: 'Task',
    description: 'Calls a connector action; the error handle takes permanent failures',
  });

export type RetryPolicy = z.infer<typeof RetryPolicySchema>;
