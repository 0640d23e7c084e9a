import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { hasPermission, type Permission } from '../../auth';
import { AppError } from '../../errors';
import type { AppDeps, AppEnv } from '../appEnv';
import { errors, json } from '../schemas';
import { wholeNumber } from '../queryValues';

/** Who has a reason to pick a person: a request form naming one, a delegation, an assignee. */
const PICKERS: readonly Permission[] = [
  'instances:start',
  'tasks:decide',
  'definitions:write',
  'users:admin',
];

const PersonSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string() })
  .openapi('Person')
  .describe('An active user as a people picker shows them: never their roles or groups');

/** GET /api/people?q=: the directory behind person pickers (request forms, delegation). */
export function peopleRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/people',
      tags: ['users'],
      request: {
        query: z.object({
          q: z.string().trim().min(1).max(100).describe('The start of an e-mail, a name or a word of a name'),
          limit: wholeNumber({ min: 1, max: 20, example: 10 }).default(10),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(PersonSchema) }), 'Active users matching, by name'),
        ...errors,
      },
    }),
    async (c) => {
      const roles = c.get('auth')?.roles ?? [];
      if (!PICKERS.some((permission) => hasPermission(roles, permission)))
        throw new AppError('FORBIDDEN', 'Your role has no form or task that names a person');
      const { q, limit } = c.req.valid('query');
      const users = await deps.core.store.searchUsers({ prefix: q, limit });
      return c.json({ items: users.map(({ id, name, email }) => ({ id, name, email })) }, 200);
    },
  );
}
