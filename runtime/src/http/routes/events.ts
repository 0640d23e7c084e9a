import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { assertPlainData } from '../../executor/inputCheck';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { IdParam, JsonValue, body, errors, json } from '../schemas';

/** Named events: to one instance by id, or to every instance waiting under a correlation key. */
export function eventRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock } = deps;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/instances/{id}/events',
      tags: ['events'],
      request: {
        params: IdParam,
        ...body(
          z.object({
            event: z.string().min(1).max(200),
            correlationKey: z.string().max(500),
            payload: JsonValue.default({}),
          }),
        ),
      },
      responses: {
        202: json(
          z.object({ delivered: z.boolean() }),
          'Delivered (false: the instance was not waiting for it)',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const request = c.req.valid('json');
      assertPlainData(request.payload, 'The payload');
      const result = await core.executor.send(
        id,
        {
          type: 'event.received',
          event: request.event,
          correlationKey: request.correlationKey,
          payload: request.payload,
          at: clock.now(),
        },
        { actor: currentUser(c).id },
      );
      return c.json({ delivered: result.changed }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/events',
      tags: ['events'],
      request: body(
        z.object({
          event: z.string().min(1).max(200),
          correlationKey: z.string().min(1).max(500),
          payload: JsonValue.default({}),
        }),
      ),
      responses: {
        202: json(
          z.object({ matched: z.number(), delivered: z.number() }),
          'Delivered to every instance waiting under this key',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const request = c.req.valid('json');
      assertPlainData(request.payload, 'The payload');
      return c.json(
        await core.sendByCorrelation(request.event, request.correlationKey, request.payload),
        202,
      );
    },
  );
}
