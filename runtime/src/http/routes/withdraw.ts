import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import { assertMayWithdraw } from '../../workflows/withdrawPolicy';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { readVisibleInstance } from './instances';
import { ErrorSchema, IdParam, body, errors, json } from '../schemas';
import { refuseControlCharacters } from '../displayText';

/**
 * POST /api/instances/{id}/withdraw: the requester takes a request back. Every open task, timer,
 * job and child is withdrawn in the same step; the instance ends `cancelled`, its output and its
 * history entry (`instance.withdraw`, with the actor) saying who withdrew it and why.
 */
export function withdrawRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock } = deps;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/instances/{id}/withdraw',
      tags: ['instances'],
      request: {
        params: IdParam,
        ...body(z.object({ reason: z.string().max(2000).superRefine(refuseControlCharacters).optional() })),
      },
      responses: {
        200: json(
          z.object({ id: z.string(), status: z.literal('cancelled'), withdrawn: z.literal(true) }),
          'Withdrawn: the instance ended cancelled, marked withdrawn',
        ),
        ...errors,
        403: json(
          ErrorSchema,
          'FORBIDDEN: only the one who started the instance, or a holder of instances:cancel, may withdraw it',
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const user = currentUser(c);
      const instance = await readVisibleInstance(deps, c, id);
      assertMayWithdraw(instance, { id: user.id, roles: c.get('auth')?.roles ?? [] });
      if (instance.status !== 'running')
        throw new AppError('INSTANCE_ENDED', 'The instance has already ended');
      const result = await core.executor.send(
        id,
        { type: 'instance.withdraw', by: user.id, ...(reason ? { reason } : {}), at: clock.now() },
        { actor: user.id },
      );
      if (!result.changed) throw new AppError('INSTANCE_ENDED', 'The instance has already ended');
      return c.json({ id, status: 'cancelled' as const, withdrawn: true as const }, 200);
    },
  );
}
