import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import { RoleSchema, type ApiToken, type Store, type User } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';
import { IdParam, errors, json } from '../schemas';

const AnyTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    createdAt: z.number(),
    lastUsedAt: z.number().optional(),
    user: z.object({ id: z.string(), name: z.string(), email: z.string(), disabled: z.boolean() }),
  })
  .openapi('AnyApiToken')
  .describe('An API token of any user, for an admin to review and revoke (never the secret)');

/** Every user's tokens, oldest user first. Users are few next to instances: read page by page. */
async function everyToken(store: Store): Promise<{ token: ApiToken; user: User }[]> {
  const found: { token: ApiToken; user: User }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listUsers({ limit: 200, ...(cursor ? { cursor } : {}) });
    const tokens = await Promise.all(page.items.map((user) => store.listApiTokens(user.id)));
    page.items.forEach((user, index) => {
      for (const token of tokens[index]!) found.push({ token, user });
    });
    if (!page.nextCursor) return found;
    cursor = page.nextCursor;
  }
}

/** GET /api/admin/tokens and DELETE /api/admin/tokens/{id}: admins review and revoke anyone's tokens. */
export function adminTokenRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/tokens',
      tags: ['tokens'],
      responses: {
        200: json(z.object({ items: z.array(AnyTokenSchema) }), "Every user's API tokens"),
        ...errors,
      },
    }),
    async (c) => {
      const items = (await everyToken(store)).map(({ token, user }) => ({
        id: token.id,
        name: token.name,
        roles: token.roles,
        createdAt: token.createdAt,
        ...(token.lastUsedAt !== undefined ? { lastUsedAt: token.lastUsedAt } : {}),
        user: { id: user.id, name: user.name, email: user.email, disabled: user.disabled },
      }));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/tokens/{id}',
      tags: ['tokens'],
      request: { params: IdParam },
      responses: { 204: { description: 'Revoked: its next request is refused' }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = (await everyToken(store)).some(({ token }) => token.id === id);
      if (!found) throw new AppError('NOT_FOUND', `There is no API token ${id}`);
      await store.deleteApiToken(id);
      return c.body(null, 204);
    },
  );
}
