import { z } from 'zod';

/**
 * Shared by `http` and `http-oauth2`, so the one request action fits both. The base URL is required
 * because it is what binds the credentials to one origin: absolute URLs elsewhere are still allowed,
 * but they are sent without credentials.
 */
/** A header name, or empty for none. */
export const OptionalHeaderNameSchema = z
  .string()
  .regex(/^([A-Za-z0-9-]{1,100})?$/, 'Letters, digits and dashes, or empty');

export const HttpSettingsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({
    title: 'Base URL',
    description: 'Relative request URLs are joined to it; credentials are only ever sent to its origin',
  }),
  idempotencyHeader: OptionalHeaderNameSchema.default('Idempotency-Key').meta({
    title: 'Idempotency header',
    description:
      'Carries the step’s idempotency key, the same on every retry or redelivery of one step, so the API can drop a duplicate; empty to send none',
  }),
});
export type HttpSettings = z.output<typeof HttpSettingsSchema>;
