import { z } from 'zod';

/** Milliseconds since the Unix epoch. Time is always passed into the store, never read by it. */
export const EpochMsSchema = z.number().int().nonnegative();
export type EpochMs = z.infer<typeof EpochMsSchema>;

export const JsonSchema = z.json();
export type Json = z.infer<typeof JsonSchema>;

export const JsonObjectSchema = z.record(z.string(), JsonSchema);
export type JsonObject = z.infer<typeof JsonObjectSchema>;

export const PageRequestSchema = z.object({
  limit: z.number().int().min(1).max(1000),
  /** Opaque; pass back the `nextCursor` of the previous page. */
  cursor: z.string().optional(),
});
export type PageRequest = z.infer<typeof PageRequestSchema>;

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}
