import { z } from 'zod';
import { OptionalHeaderNameSchema } from './httpSettings';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const RequestBodySchema = z
  .discriminatedUnion('type', [
    z
      .object({ type: z.literal('json'), value: z.unknown().meta({ title: 'JSON value' }) })
      .meta({ title: 'JSON' }),
    z
      .object({ type: z.literal('form'), value: z.record(z.string(), scalar).meta({ title: 'Fields' }) })
      .meta({ title: 'Form (URL-encoded)' }),
    z.object({ type: z.literal('text'), value: z.string().meta({ title: 'Text' }) }).meta({ title: 'Text' }),
  ])
  .meta({ title: 'Body' });

export const HttpRequestInputSchema = z.object({
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])
    .default('GET')
    .meta({ title: 'Method' }),
  url: z.string().min(1).meta({
    title: 'URL',
    description: 'An absolute http(s) URL, or a path relative to the connection’s base URL',
  }),
  headers: z.record(z.string(), z.string()).default({}).meta({ title: 'Headers' }),
  query: z
    .record(z.string(), z.union([scalar, z.array(scalar)]))
    .default({})
    .meta({ title: 'Query parameters', description: 'A list repeats the parameter' }),
  body: RequestBodySchema.optional(),
  idempotencyHeader: OptionalHeaderNameSchema.optional().meta({
    title: 'Idempotency header',
    description:
      'Overrides the connection’s idempotency header for this request (empty: send none). A header of that name in Headers wins.',
  }),
  failOnNon2xx: z.boolean().default(true).meta({
    title: 'Fail on non-2xx',
    description: 'When off, 4xx and 5xx answers are returned as output instead of failing the step',
  }),
});
export type HttpRequestInput = z.output<typeof HttpRequestInputSchema>;

export const HttpResponseSchema = z.object({
  status: z.int().meta({ title: 'Status' }),
  headers: z.record(z.string(), z.string()).meta({ title: 'Headers' }),
  body: z.unknown().meta({ title: 'Body', description: 'Parsed JSON when the answer is JSON, else text' }),
});
export type HttpResponseOutput = z.output<typeof HttpResponseSchema>;
