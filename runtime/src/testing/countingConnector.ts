import { defineAction, defineConnector, permanent, retryable } from '@flowline/connector-sdk';
import { z } from 'zod';

/**
 * A connector that counts effects per idempotency key, like a well-behaved external API: tests
 * use it to prove no side effect happened twice under one key. `failTimes` makes the first
 * attempts fail (retryably) to exercise retries.
 */
export function createCountingConnector() {
  const effects = new Map<string, number>();
  const attempts = new Map<string, number>();
  const record = defineAction({
    id: 'record',
    title: 'Record an effect',
    description: 'Counts one effect per idempotency key',
    input: z.object({
      value: z.unknown().optional(),
      failTimes: z.number().int().min(0).default(0),
      permanent: z.boolean().default(false),
    }),
    output: z.object({ count: z.number() }),
    async run(ctx, input) {
      const tries = (attempts.get(ctx.idempotencyKey) ?? 0) + 1;
      attempts.set(ctx.idempotencyKey, tries);
      if (input.permanent) throw permanent('REFUSED', 'The peer refused this request');
      if (tries <= input.failTimes) throw retryable('BUSY', 'The peer is busy');
      // An idempotent peer: a repeat under the same key does not add an effect.
      if (!effects.has(ctx.idempotencyKey)) effects.set(ctx.idempotencyKey, 1);
      return { count: effects.size };
    },
  });
  const connector = defineConnector({ id: 'counter', title: 'Counter', version: '1.0.0', actions: [record] });
  return { connector, effects, attempts };
}
