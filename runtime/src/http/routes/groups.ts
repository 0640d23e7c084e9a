import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import type { AppDeps, AppEnv } from '../appEnv';
import { IdParam, PageQuery, body, errors, json } from '../schemas';
import { refuseUnsafeText } from '../displayText';

/** What approvals assign to and starter groups name: letters, digits, `_`, `.` and `-`. */
const GroupId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, _ . or - (it is what definitions name)');
const Name = z.string().trim().min(1, 'Give the group a name').max(200).superRefine(refuseUnsafeText());
const Description = z
  .string()
  .max(2000)
  .superRefine(refuseUnsafeText({ multiline: true }));

const GroupSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), createdAt: z.number() })
  .openapi('Group');
const GroupListItem = GroupSchema.extend({ memberCount: z.number().int() }).openapi('GroupListItem');
const GroupWithMembers = GroupSchema.extend({
  members: z.array(z.string()).describe('User ids, in the order they joined'),
}).openapi('GroupWithMembers');
const MemberParams = IdParam.extend({
  userId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'userId', in: 'path' } }),
});

/** Groups: listed for pickers (assignees, starter groups); managed by admins. */
export function groupRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;
  const notFound = (id: string) => new AppError('NOT_FOUND', `There is no group ${id}`);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/groups',
      tags: ['groups'],
      request: { query: PageQuery },
      responses: {
        200: json(
          z.object({ items: z.array(GroupListItem), nextCursor: z.string().nullable() }),
          'Groups by id, each with how many members it has (members themselves: GET /api/groups/{id})',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await store.listGroups({ limit, ...(cursor ? { cursor } : {}) });
      return c.json({ items: page.items, nextCursor: page.nextCursor ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/groups',
      tags: ['groups'],
      request: body(z.object({ id: GroupId, name: Name, description: Description.default('') })),
      responses: { 201: json(GroupWithMembers, 'Created, with no members'), ...errors },
    }),
    async (c) => {
      const request = c.req.valid('json');
      if (await store.getGroup(request.id))
        throw new AppError('CONFLICT', `There is a group ${request.id} already`, {
          issues: [{ path: 'id', message: 'Taken: choose another id' }],
        });
      const group = { ...request, createdAt: deps.clock.now() };
      await store.createGroup(group);
      return c.json({ ...group, members: [] }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/groups/{id}',
      tags: ['groups'],
      request: { params: IdParam },
      responses: { 200: json(GroupWithMembers, 'The group and its members'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const group = await store.getGroup(id);
      if (!group) throw notFound(id);
      return c.json(group, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/groups/{id}',
      tags: ['groups'],
      request: {
        params: IdParam,
        ...body(
          z
            .object({ name: Name.optional(), description: Description.optional() })
            .describe('The id stays: definitions name it'),
        ),
      },
      responses: { 200: json(GroupWithMembers, 'Renamed'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { name, description } = c.req.valid('json');
      if (!(await store.getGroup(id))) throw notFound(id);
      await store.updateGroup(id, {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
      });
      return c.json((await store.getGroup(id))!, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/groups/{id}',
      tags: ['groups'],
      request: { params: IdParam },
      responses: {
        204: { description: 'Deleted, with its memberships (409 while open tasks are assigned to it)' },
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await store.getGroup(id))) throw notFound(id);
      // A task assigned to a group nobody is in could only be decided by an operator's retry.
      const open = await store.listTasks({ groups: [id], status: 'open' }, { limit: 1 });
      if (open.items.length > 0)
        throw new AppError(
          'CONFLICT',
          `Open tasks are assigned to the group ${id}; decide or delegate them before deleting it`,
        );
      await store.deleteGroup(id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/groups/{id}/members/{userId}',
      tags: ['groups'],
      request: { params: MemberParams },
      responses: { 204: { description: 'A member (again); takes effect on their next request' }, ...errors },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      if (!(await store.getGroup(id))) throw notFound(id);
      if (!(await store.getUser(userId))) throw new AppError('NOT_FOUND', `There is no user ${userId}`);
      await store.addGroupMember(id, userId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/groups/{id}/members/{userId}',
      tags: ['groups'],
      request: { params: MemberParams },
      responses: {
        204: { description: 'No longer a member; takes effect on their next request' },
        ...errors,
      },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      if (!(await store.getGroup(id))) throw notFound(id);
      await store.removeGroupMember(id, userId);
      return c.body(null, 204);
    },
  );
}
