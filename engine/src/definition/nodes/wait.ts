import { z } from 'zod';
import { DurationSchema } from '../duration';
import { ExpressionSchema, MappingSchema } from '../identifiers';
import { nodeBase } from './base';

export const WaitConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('duration'), duration: DurationSchema }),
  /** Evaluates to a timestamp or an ISO-8601 date-time string. */
  z.object({ type: z.literal('until'), until: ExpressionSchema }),
  z.object({
    type: z.literal('event'),
    event: z.string().min(1).max(200),
    /** Only an event carrying this key resumes the instance, e.g. `input.ticketId`. */
    correlationKey: ExpressionSchema,
    /** Without an event in time, take the `timeout` handle. */
    timeout: DurationSchema.optional(),
    /** Workflow variable → expression over `event` (the payload). */
    output: MappingSchema.default({}),
  }),
]);

export const WaitNodeSchema = z
  .object({ ...nodeBase, kind: z.literal('wait'), wait: WaitConfigSchema })
  .meta({ title: 'Wait', description: 'For a duration, until a time, or for an external event' });
