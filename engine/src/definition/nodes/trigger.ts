import { z } from 'zod';
import { DurationSchema } from '../duration';
import { ExpressionSchema, MappingSchema } from '../identifiers';
import { nodeBase } from './base';

/**
 * Who may start the workflow by hand (API or form), beyond the runtime's role check: members of
 * at least one of these groups. Groups, not roles, because the rule is the process's own ("only
 * the CAB raises emergency changes"); roles stay the runtime's coarse permission to start at all.
 */
export const StartersSchema = z
  .object({
    groups: z
      .array(z.string().min(1).max(100))
      .min(1, { message: 'Name at least one group, or leave the restriction out' })
      .max(50),
  })
  .meta({ title: 'Who may start it', description: 'Members of any of these groups' });

const ManualTrigger = z
  .object({ type: z.literal('manual'), startableBy: StartersSchema.optional() })
  .meta({ title: 'Started by hand or through the API' });

const FormTrigger = z
  .object({ type: z.literal('form'), startableBy: StartersSchema.optional() })
  .meta({ title: 'Self-service request form', description: 'Requesters fill the workflow input form' });

/**
 * Calls to the webhook that are about runs already waiting, not new ones (a monitoring tool posts
 * "firing" and "resolved" for one alert to one URL): when `when` holds, the call is delivered as
 * the named event, under the correlation key, to this workflow's runs waiting for it, and starts
 * nothing. The expressions read what the input mapping reads (`body`, `headers`, `now`).
 */
export const WebhookDeliverySchema = z
  .object({
    when: ExpressionSchema.meta({
      description: 'True for a call that goes to waiting runs, e.g. body.status == "resolved"',
    }),
    event: z
      .string()
      .min(1, { message: 'Pick the event it is delivered as' })
      .max(200)
      .meta({ description: 'The event it is delivered as: one a wait of this workflow waits for' }),
    correlationKey: ExpressionSchema.meta({
      description: 'Only runs waiting under this key get it, e.g. string(body.alertId)',
    }),
    /** Payload field → expression over `body` and `headers`; without it the body is the payload. */
    payload: MappingSchema.optional().meta({
      description: 'Payload field → expression over body and headers; without it the body is the payload',
    }),
    /**
     * Keep a call no run waits for yet this long, for the first run of this workflow that starts
     * waiting for it (capped by the runtime's `messages.maxTtl`); without it such a call is dropped.
     */
    ttl: DurationSchema.optional().meta({
      description:
        'When no run waits for it yet, keep the call this long for the first run that will (e.g. PT10M); empty: drop it',
      examples: ['PT10M'],
    }),
  })
  .meta({
    title: 'Deliver to waiting runs',
    description:
      'Calls for which "when" holds go to this workflow\'s waiting runs as an event instead of starting one',
  });

const WebhookTrigger = z
  .object({
    type: z.literal('webhook'),
    /** Standard Webhooks signatures (HMAC-SHA256 over id.timestamp.body) or none. */
    signature: z
      .discriminatedUnion('scheme', [
        z.object({ scheme: z.literal('none') }),
        z.object({ scheme: z.literal('standard-webhooks'), secretName: z.string().min(1) }),
      ])
      .default({ scheme: 'none' }),
    /** Input field → expression over `body` and `headers`; without it the body is the input. */
    input: MappingSchema.optional(),
    deliver: WebhookDeliverySchema.optional(),
  })
  .meta({ title: 'Webhook' });

const CronTrigger = z
  .object({
    type: z.literal('cron'),
    schedule: z
      .string()
      .min(1)
      .meta({ description: 'Cron expression: minute hour day-of-month month day-of-week' }),
    timezone: z.string().default('UTC').meta({ description: 'An IANA time zone, e.g. Europe/Berlin' }),
    /** What to do with fires missed while the runtime was down. */
    catchUp: z
      .enum(['none', 'latest', 'all'])
      .default('latest')
      .meta({ description: 'Fires missed while the runtime was down: none, the latest, or all' }),
    maxCatchUp: z.int().min(1).max(1000).default(10),
    /** Input field → expression over `scheduledAt`. */
    input: MappingSchema.optional(),
  })
  .meta({ title: 'Schedule (cron)' });

const EventTrigger = z
  .object({
    type: z.literal('event'),
    event: z.string().min(1).max(200).meta({ description: 'The name of the event that starts the workflow' }),
    /** Input field → expression over `payload`; without it the payload is the input. */
    input: MappingSchema.optional(),
  })
  .meta({ title: 'Named event' });

export const TriggerConfigSchema = z.discriminatedUnion('type', [
  ManualTrigger,
  FormTrigger,
  WebhookTrigger,
  CronTrigger,
  EventTrigger,
]);

export const TriggerNodeSchema = z
  .object({ ...nodeBase, kind: z.literal('trigger'), trigger: TriggerConfigSchema })
  .meta({ title: 'Trigger', description: 'How an instance starts; exactly one per workflow' });
