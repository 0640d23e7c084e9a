import { z } from 'zod';

/**
 * Shared by `http` and `http-oauth2`, so the one request action fits both. The base URL is required
 * because it is what binds the credentials to one origin: absolute URLs elsewhere are still allowed,
 * but they are sent without credentials.
 */
export const HttpSettingsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({
    title: 'Base URL',
    description: 'Relative request URLs are joined to it; credentials are only ever sent to its origin',
  }),
});
export type HttpSettings = z.output<typeof HttpSettingsSchema>;
