import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ServerResponse } from 'node:http';
import { streamSSE } from 'hono/streaming';
import { AppError } from '../../errors';
import { viewerOf } from '../../live';
import type { AppDeps, AppEnv } from '../appEnv';
import { errors } from '../schemas';

const STREAM_DESCRIPTION = [
  'Server-Sent Events about changes the caller may see, from committed changes (any runtime process on the store).',
  '`event: instance` — `{seq, kind, instanceId, workflowId, status}`, kind one of started, moved, incident, completed, rejected, failed, cancelled; sent to callers with instances:read.',
  '`event: task` — `{seq, kind, taskId, instanceId, workflowId, title}`, kind one of created, decided, delegated, cancelled; sent only to the task’s assignee (user, or member of the group), and for a delegation to the one it came from.',
  '`event: ready` — `{seq}`: caught up; later events follow. `event: reset` — `{seq, reason}`: the Last-Event-ID is older than the changes kept (or unknown): reload what you show.',
  'Every event carries `id: <seq>`; reconnect with the `Last-Event-ID` header (browsers do it themselves) to get what was missed. Comment lines (`: heartbeat`) keep the stream open.',
  'A client that does not read is dropped (its connection closed) once `limits.live.clientBuffer` messages wait for it. Details are never in events: read them through the API.',
].join('\n\n');

/** GET /api/stream: live updates for the signed-in user. */
export function streamRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/stream',
      tags: ['live'],
      summary: 'Live updates (Server-Sent Events)',
      description: STREAM_DESCRIPTION,
      request: {
        headers: z.object({
          'last-event-id': z
            .string()
            .regex(/^\d{1,15}$/, 'The id of the last event received: a number')
            .optional(),
        }),
      },
      responses: {
        200: {
          description: 'An event stream that stays open',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        ...errors,
      },
    }),
    (c) => {
      const auth = c.get('auth');
      if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      const viewer = viewerOf(auth);
      deps.live.admit(viewer);
      const header = c.req.valid('header')['last-event-id'];
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      const response = streamSSE(c, async (stream) => {
        await deps.live.serve(viewer, header === undefined ? undefined : Number(header), {
          write: (text) => stream.write(text).then(() => undefined),
          drop: () => {
            stream.abort();
            outgoing?.destroy();
          },
          onGone: (listener) => stream.onAbort(listener),
        });
      });
      // One stream per connection: once it ends (shutdown, reset) nothing keeps the socket open.
      response.headers.set('connection', 'close');
      return response;
    },
  );
}
