import { z } from 'zod';
import { EpochMsSchema } from './common';

/** How a worker claims due work: the store never reads the clock, so `now` comes in. */
export const ClaimRequestSchema = z.object({
  owner: z.string().min(1),
  now: EpochMsSchema,
  leaseMs: z.number().int().positive(),
  limit: z.number().int().positive(),
});
export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;

export const LeaseExtensionSchema = z.object({
  now: EpochMsSchema,
  leaseMs: z.number().int().positive(),
});
export type LeaseExtension = z.infer<typeof LeaseExtensionSchema>;

/**
 * Fresh for every claim. Writes that name a token other than the current one are refused, so a
 * worker whose lease expired and was taken over cannot overwrite its successor (fencing).
 */
export const LeaseSchema = z.object({
  leaseOwner: z.string(),
  leaseToken: z.string(),
  leaseExpiresAt: EpochMsSchema,
});
export type Lease = z.infer<typeof LeaseSchema>;
