import { z } from '@hono/zod-openapi';
import { refuseControlCharacters } from './displayText';

/**
 * A decision's or delegation's comment, as every door takes it (the JSON API and the e-mailed
 * link's page): as typed, at most 10,000 characters, no control characters.
 */
export const DecisionComment = z.string().max(10_000).superRefine(refuseControlCharacters);
