import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { checkPasswordPolicy, hashPassword, newApiToken, resetPassword, signOutEverywhere } from '../../auth';
import { AppError, type FieldIssue } from '../../errors';
import { RoleSchema, isStoreError, type User } from '../../store';
import type { AppDeps, AppEnv } from '../appEnv';
import { assertMayGrant, currentUser } from '../currentUser';
import { IdParam, PageQuery, body, errors, json } from '../schemas';
import { refuseRepeats } from '../listedOnce';
import { refuseUnsafeText } from '../displayText';
import { AwayView, awayViewOf } from './away';

const PublicUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    groups: z.array(z.string()),
    disabled: z.boolean(),
    mustChangePassword: z.boolean().optional(),
    away: AwayView.optional().describe('The out-of-office setting (PUT /api/users/{id}/away)'),
    createdAt: z.number(),
  })
  .openapi('User');
const Groups = z
  .array(
    z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.-]+$/),
  )
  .max(100)
  .superRefine(refuseRepeats)
  .openapi({ uniqueItems: true });
const Name = z.string().min(1).max(200).superRefine(refuseUnsafeText());
const Roles = z.array(RoleSchema).min(1).superRefine(refuseRepeats).openapi({ uniqueItems: true });

/** Users (admins) and API tokens (everyone, for themselves). */
export function userRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;
  const toPublic = async ({ passwordHash: _hash, away, ...user }: User) => {
    const view = await awayViewOf(store, away, deps.clock.now());
    return { ...user, ...(view ? { away: view } : {}) };
  };

  /** A 400 naming each group id (`groups.N`) that is not a group record, or undefined. */
  const unknownGroups = async (groups: readonly string[]): Promise<AppError | undefined> => {
    const issues: FieldIssue[] = [];
    for (const [index, id] of groups.entries())
      if (!(await store.getGroup(id)))
        issues.push({
          path: `groups.${index}`,
          message: `There is no group ${id}; create it first at /api/groups`,
        });
    return issues.length > 0
      ? new AppError('INVALID_INPUT', 'A user can only join groups that exist', { issues })
      : undefined;
  };

  /**
   * Writes the user with their groups, checked first for a readable answer. The store refuses an
   * unknown group in the write itself, so a group deleted in between is the same 400, not a
   * recreated group.
   */
  const writingGroups = async <T>(groups: readonly string[] | undefined, write: () => Promise<T>) => {
    if (groups === undefined) return write();
    const refusal = await unknownGroups(groups);
    if (refusal) throw refusal;
    try {
      return await write();
    } catch (error) {
      if (isStoreError(error, 'NOT_FOUND')) throw (await unknownGroups(groups)) ?? error;
      throw error;
    }
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      tags: ['users'],
      request: body(
        z.object({
          // Definitions name approvers by user id (e.g. the CAB members of change-management).
          id: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Lower-case letters, digits, dots, dashes and _')
            .optional()
            .describe(
              'A readable id that definitions can name as an assignee, e.g. cab-ana; random when left out',
            ),
          email: z.email().max(320),
          name: Name,
          password: z.string().max(1024),
          roles: Roles,
          groups: Groups.default([]),
          mustChangePassword: z
            .boolean()
            .default(false)
            .describe('The user may only change the password until they have'),
        }),
      ),
      responses: { 201: json(PublicUser, 'Created'), ...errors },
    }),
    async (c) => {
      const request = c.req.valid('json');
      assertMayGrant(c, request.roles, 'A user');
      const policy = checkPasswordPolicy(request.password, request);
      if (!policy.ok)
        throw new AppError('INVALID_INPUT', 'The password is too weak', {
          issues: [{ path: 'password', message: policy.message }],
        });
      if (await store.getUserByEmail(request.email))
        throw new AppError('CONFLICT', 'A user with this e-mail exists', {
          issues: [{ path: 'email', message: 'Already in use' }],
        });
      if (request.id !== undefined && (await store.getUser(request.id)))
        throw new AppError('CONFLICT', `There is a user ${request.id} already`, {
          issues: [{ path: 'id', message: 'Taken: choose another id' }],
        });
      const user: User = {
        id: request.id ?? randomUUID(),
        email: request.email,
        name: request.name,
        passwordHash: await hashPassword(request.password),
        roles: request.roles,
        groups: request.groups,
        disabled: false,
        ...(request.mustChangePassword ? { mustChangePassword: true } : {}),
        createdAt: deps.clock.now(),
      };
      await writingGroups(user.groups, () => store.createUser(user));
      return c.json(await toPublic(user), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      tags: ['users'],
      request: { query: PageQuery },
      responses: {
        200: json(z.object({ items: z.array(PublicUser), nextCursor: z.string().nullable() }), 'Users'),
        ...errors,
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await store.listUsers({ limit, ...(cursor ? { cursor } : {}) });
      const items = await Promise.all(page.items.map(toPublic));
      return c.json({ items, nextCursor: page.nextCursor ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/users/{id}',
      tags: ['users'],
      request: {
        params: IdParam,
        ...body(
          // Strict: an e-mail address (which is the sign-in name and cannot change) or a password
          // sent here is refused by name, not dropped with a 200.
          z.strictObject({
            name: Name.optional(),
            // As at creation: a user with no role could sign in to nothing.
            roles: Roles.optional(),
            groups: Groups.optional(),
            disabled: z.boolean().optional(),
          }),
        ),
      },
      responses: { 200: json(PublicUser, 'Updated; takes effect on the next request'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      if (patch.roles) assertMayGrant(c, patch.roles, 'A user');
      // An admin cannot lock themselves out: another admin must do it (there may be no other).
      if (id === currentUser(c).id) {
        if (patch.disabled === true)
          throw new AppError('INVALID_INPUT', 'You cannot deactivate yourself', {
            issues: [{ path: 'disabled', message: 'Ask another admin to deactivate your account' }],
          });
        if (patch.roles && !patch.roles.includes('admin') && currentUser(c).roles.includes('admin'))
          throw new AppError('INVALID_INPUT', 'You cannot remove your own admin role', {
            issues: [{ path: 'roles', message: 'Keep Admin: another admin may remove it from you' }],
          });
      }
      if (!(await store.getUser(id))) throw new AppError('NOT_FOUND', `There is no user ${id}`);
      const updated = await writingGroups(patch.groups, () =>
        store.updateUser(id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))),
      );
      if (patch.disabled) await signOutEverywhere({ store }, id);
      return c.json(await toPublic(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/users/{id}/password',
      tags: ['users'],
      request: {
        params: IdParam,
        ...body(
          z.object({
            password: z.string().max(1024),
            mustChange: z.boolean().default(true).describe('Let the user in only to choose their own'),
          }),
        ),
      },
      responses: {
        204: { description: 'Reset; the user is signed out everywhere and their API tokens are revoked' },
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { password, mustChange } = c.req.valid('json');
      const user = await store.getUser(id);
      if (!user) throw new AppError('NOT_FOUND', `There is no user ${id}`);
      const policy = checkPasswordPolicy(password, user);
      if (!policy.ok)
        throw new AppError('INVALID_INPUT', 'The password is too weak', {
          issues: [{ path: 'password', message: policy.message }],
        });
      await resetPassword({ store }, id, password, { mustChange });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tokens',
      tags: ['tokens'],
      request: body(
        z.object({ name: z.string().min(1).max(100).superRefine(refuseUnsafeText()), roles: Roles }),
      ),
      responses: {
        201: json(
          z.object({
            id: z.string(),
            name: z.string(),
            roles: z.array(RoleSchema),
            token: z.string().openapi({ description: 'Shown once' }),
          }),
          'Created',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const user = currentUser(c);
      const request = c.req.valid('json');
      assertMayGrant(c, request.roles, 'A token');
      const { token, tokenHash } = newApiToken();
      const id = randomUUID();
      await store.createApiToken({
        id,
        tokenHash,
        name: request.name,
        userId: user.id,
        roles: request.roles,
        createdAt: deps.clock.now(),
      });
      return c.json({ id, name: request.name, roles: request.roles, token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tokens',
      tags: ['tokens'],
      responses: {
        200: json(
          z.object({
            items: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                roles: z.array(RoleSchema),
                createdAt: z.number(),
                lastUsedAt: z.number().optional(),
              }),
            ),
          }),
          'My API tokens (never the secret)',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const tokens = await store.listApiTokens(currentUser(c).id);
      return c.json({ items: tokens.map(({ tokenHash: _h, userId: _u, ...t }) => t) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/tokens/{id}',
      tags: ['tokens'],
      request: { params: IdParam },
      responses: { 204: { description: 'Revoked' }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const mine = await store.listApiTokens(currentUser(c).id);
      if (!mine.some((t) => t.id === id)) throw new AppError('NOT_FOUND', 'You have no such token');
      await store.deleteApiToken(id);
      return c.body(null, 204);
    },
  );
}
