import { z } from 'zod';
import { DurationOrExpressionSchema } from '../computedDuration';
import { ExpressionSchema, MappingSchema } from '../identifiers';
import { nodeBase } from './base';
import { CancelOnSchema } from './cancelOn';

export const WaitConfigSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('duration'), duration: DurationOrExpressionSchema })
    .meta({ title: 'For a while', description: 'Continues after a fixed time' }),
  /** Evaluates to a timestamp or an ISO-8601 date-time string. */
  z
    .object({
      type: z.literal('until'),
      until: ExpressionSchema.meta({
        description: 'A timestamp or an ISO-8601 date-time, e.g. input.startDate',
      }),
    })
    .meta({ title: 'Until a time', description: 'Continues at the time an expression gives' }),
  z
    .object({
      type: z.literal('event'),
      event: z.string().min(1).max(200).meta({ description: 'The name of the event to wait for' }),
      /** Only an event carrying this key resumes the instance, e.g. `input.ticketId`. */
      correlationKey: ExpressionSchema.meta({
        description: 'Only an event carrying this key resumes this instance, e.g. input.ticketId',
      }),
      /** Without an event in time, take the `timeout` handle. */
      timeout: DurationOrExpressionSchema.optional().meta({
        description: 'Without an event in time, take the timeout exit',
      }),
      /** Workflow variable → expression over `event` (the payload). */
      output: MappingSchema.default({}).meta({
        description: 'Workflow variable → expression over event (the payload)',
      }),
    })
    .meta({ title: 'For an event', description: 'Continues when a matching event arrives' }),
]);

export const WaitNodeSchema = z
  .object({
    ...nodeBase,
    kind: z.literal('wait'),
    wait: WaitConfigSchema,
    cancelOn: CancelOnSchema.optional(),
  })
  .meta({ title: 'Wait', description: 'For a duration, until a time, or for an external event' });
