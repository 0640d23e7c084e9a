import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../appEnv';
import { errors, json, body } from '../schemas';

/** A year at most per call: enough for any due date, start date or weekly cron in a test. */
const MAX_ADVANCE_MS = 366 * 86_400_000;

export interface TestClockControl {
  now(): number;
  advance(ms: number): number;
  /** Makes the timer service and the cron scheduler look at the new time now. */
  wake(): Promise<void>;
}

const ClockReading = z.object({ now: z.number().int().openapi({ description: 'The clock, epoch ms' }) });

/**
 * GET/POST /api/test/clock, registered only when the process was started with FLOWLINE_TEST_CLOCK
 * (config refuses that in production): scenario tests move time forward instead of sleeping.
 */
export function testClockRoutes(app: OpenAPIHono<AppEnv>, control: TestClockControl): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/test/clock',
      tags: ['test'],
      responses: { 200: json(ClockReading, 'The test clock'), ...errors },
    }),
    (c) => c.json({ now: control.now() }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/test/clock',
      tags: ['test'],
      request: {
        ...body(
          z.object({
            advanceMs: z
              .number()
              .int()
              .min(0)
              .max(MAX_ADVANCE_MS)
              .openapi({ description: 'How far to move the clock forward, ms (at most 366 days)' }),
          }),
        ),
      },
      responses: { 200: json(ClockReading, 'Moved; timers and cron have looked again'), ...errors },
    }),
    async (c) => {
      const { advanceMs } = c.req.valid('json');
      const now = control.advance(advanceMs);
      await control.wake();
      return c.json({ now }, 200);
    },
  );
}
