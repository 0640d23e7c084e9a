import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { assertPlainData } from '../../executor/inputCheck';
import { eventMessageId } from '../../messages/messageIds';
import { messageTtlMs } from '../../messages/messageTtl';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { KeptMessageFields, keptAnswer } from '../keptMessage';
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
      description:
        'Delivers the event to every run waiting for it under the key. With a `ttl`, an event no run ' +
        'takes is kept that long for the first run that starts waiting for it (one run only); with a ' +
        '`messageId`, a retried send is recognised: kept once, taken at most once by each run; while a ' +
        'message with that id is kept, a send of it (with or without `ttl`) reaches no run and is answered ' +
        'as the kept one.',
      request: body(
        z.object({
          event: z.string().min(1).max(200),
          correlationKey: z.string().min(1).max(500),
          payload: JsonValue.default({}),
          ttl: z.string().min(1).max(50).optional().openapi({
            description:
              "ISO-8601 duration (e.g. PT10M) to keep the event when no run waits for it yet; at most the runtime's FLOWLINE_MESSAGE_MAX_TTL",
            example: 'PT10M',
          }),
          messageId: z.string().min(1).max(200).optional().openapi({
            description: "The sender's own id of this message, so a retry is not kept or taken twice",
          }),
        }),
      ),
      responses: {
        202: json(
          z.object({
            matched: z.number(),
            delivered: z.number(),
            buffered: KeptMessageFields.buffered.optional(),
            message: KeptMessageFields.message,
          }),
          'Delivered to every instance waiting under this key, or kept for one',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const request = c.req.valid('json');
      assertPlainData(request.payload, 'The payload');
      // Refused before anything is delivered or stored.
      const ttlMs = request.ttl === undefined ? undefined : messageTtlMs(request.ttl, core.messageMaxTtl);
      const id = request.messageId === undefined ? undefined : eventMessageId(request.messageId);
      if (id !== undefined) {
        // A retry of a message kept (with or without a ttl of its own) is a duplicate: it is kept
        // once, for one run, and reaches nobody anew; sent on to the runs waiting now it would
        // reach a second run besides the one that took (or will take) the kept one.
        const kept = await core.store.getBufferedMessage(id);
        if (kept) return c.json({ matched: 0, delivered: 0, ...keptAnswer(kept) }, 202);
      }
      const sent = await core.sendByCorrelation(
        request.event,
        request.correlationKey,
        request.payload,
        id === undefined ? {} : { messageId: id },
      );
      // Without a time to live the answer is as it always was.
      if (ttlMs === undefined) return c.json(sent, 202);
      const now = clock.now();
      // The sender's retry of a message that reached runs directly is not kept for others.
      const first = id === undefined || (await core.messages.firstSending(id, now + ttlMs));
      if (sent.delivered > 0 || !first) return c.json({ ...sent, buffered: false }, 202);
      const kept = await core.messages.keep({
        id: id ?? eventMessageId(undefined),
        event: request.event,
        correlationKey: request.correlationKey,
        payload: request.payload,
        bufferedAt: now,
        expiresAt: now + ttlMs,
      });
      const taken = kept.message.takenAt !== undefined ? 1 : 0;
      return c.json({ ...sent, delivered: sent.delivered + taken, ...keptAnswer(kept.message) }, 202);
    },
  );
}
