import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError, type FieldIssue } from '../../errors';
import type { Away, Store } from '../../store';
import { isAwayAt } from '../../tasks/awayDelegation';
import { deciderProblem } from '../../tasks/decisionPolicy';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { refuseUnsafeText } from '../displayText';
import { IdParam, body, errors, json } from '../schemas';

const YEAR = 365 * 86_400_000;

/** The away setting as clients read it: with the delegate's name and whether it holds now. */
export const AwayView = z
  .object({
    delegate: z.string().describe('The user id new tasks go to'),
    delegateName: z.string(),
    delegateEmail: z.string().describe('Empty when the delegate no longer exists'),
    until: z.number().describe('Epoch ms; the setting ends then'),
    from: z.number().optional().describe('Epoch ms; absent: from when it was set'),
    note: z.string().optional(),
    setBy: z.string().describe('The user, or the admin who set it for them'),
    setAt: z.number(),
    active: z.boolean().describe('Whether new tasks are handed on now (from ≤ now < until)'),
  })
  .openapi('Away');
export type AwayView = z.infer<typeof AwayView>;

const AwayRequest = z.object({
  delegate: z
    .string()
    .min(1)
    .max(320)
    .describe('Who takes new tasks meanwhile: a user id, or their e-mail address'),
  until: z.number().int().nonnegative().describe('Epoch ms, in the future and at most a year away'),
  from: z.number().int().nonnegative().optional().describe('Epoch ms; absent: from now'),
  note: z.string().max(200).superRefine(refuseUnsafeText()).optional(),
});
type AwayRequest = z.infer<typeof AwayRequest>;

/** The stored setting as a client reads it (the delegate's name read now). */
export async function awayViewOf(
  store: Pick<Store, 'getUser'>,
  away: Away | undefined,
  now: number,
): Promise<AwayView | undefined> {
  if (!away) return undefined;
  const delegate = await store.getUser(away.delegate);
  return {
    ...away,
    delegateName: delegate?.name || away.delegate,
    delegateEmail: delegate?.email ?? '',
    active: isAwayAt(away, now),
  };
}

/**
 * Refuses (400, field by field) a setting that would hand tasks to nobody useful: an unknown or
 * disabled delegate, the user themselves, one without tasks:decide, or a period that is over, or
 * more than a year away.
 */
async function checkAway(
  store: Pick<Store, 'getUser' | 'getUserByEmail'>,
  userId: string,
  request: AwayRequest,
  now: number,
): Promise<string> {
  const issues: FieldIssue[] = [];
  // People know their colleagues' e-mail addresses, not their ids: either names the user (as when delegating).
  const byEmail = request.delegate.includes('@')
    ? await store.getUserByEmail(request.delegate.trim().toLowerCase())
    : null;
  const delegate = byEmail ?? (await store.getUser(request.delegate));
  if (delegate?.id === userId)
    issues.push({
      path: 'delegate',
      message: 'Choose someone else: nobody can be their own delegate',
    });
  else if (!delegate) issues.push({ path: 'delegate', message: `There is no user ${request.delegate}` });
  else {
    const problem = deciderProblem(delegate, { segregationOfDuties: false }, delegate.name || delegate.id);
    if (problem) issues.push({ path: 'delegate', message: problem.message });
  }
  if (request.until <= now) issues.push({ path: 'until', message: 'Choose a time in the future' });
  else if (request.until > now + YEAR) issues.push({ path: 'until', message: 'At most a year from now' });
  if (request.from !== undefined && request.from >= request.until)
    issues.push({ path: 'from', message: 'Start before the end (until)' });
  if (issues.length > 0 || !delegate)
    throw new AppError('INVALID_INPUT', 'The away setting cannot be saved', { issues });
  return delegate.id;
}

/** Out of office: a user's own setting (/api/me/away), and an admin's for someone else. */
export function awayRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const store = deps.core.store;

  const save = async (userId: string, setBy: string, request: AwayRequest) => {
    const now = deps.clock.now();
    const delegate = await checkAway(store, userId, request, now);
    const away: Away = {
      delegate,
      until: request.until,
      ...(request.from !== undefined ? { from: request.from } : {}),
      ...(request.note?.trim() ? { note: request.note.trim() } : {}),
      setBy,
      setAt: now,
    };
    const user = await store.setUserAway(userId, away);
    return (await awayViewOf(store, user.away, now))!;
  };

  const describeSet =
    'From then until `until`, a new task assigned to this user personally goes to the delegate when its step allows delegation (a step that does not keeps it with the user, and its due time and escalation apply). Tasks already open stay where they are.';

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/me/away',
      tags: ['auth'],
      description: describeSet,
      request: body(AwayRequest),
      responses: { 200: json(AwayView, 'Saved'), ...errors },
    }),
    async (c) => {
      const user = currentUser(c);
      return c.json(await save(user.id, user.id, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/me/away',
      tags: ['auth'],
      responses: { 204: { description: 'Cleared: new tasks come to you again' }, ...errors },
    }),
    async (c) => {
      await store.setUserAway(currentUser(c).id, null);
      return c.body(null, 204);
    },
  );

  const knownUser = async (id: string) => {
    if (!(await store.getUser(id))) throw new AppError('NOT_FOUND', `There is no user ${id}`);
  };

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/users/{id}/away',
      tags: ['users'],
      description: `An admin sets it for someone (sick leave). ${describeSet}`,
      request: { params: IdParam, ...body(AwayRequest) },
      responses: { 200: json(AwayView, 'Saved'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await knownUser(id);
      return c.json(await save(id, currentUser(c).id, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/users/{id}/away',
      tags: ['users'],
      request: { params: IdParam },
      responses: { 204: { description: 'Cleared' }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await knownUser(id);
      await store.setUserAway(id, null);
      return c.body(null, 204);
    },
  );
}
