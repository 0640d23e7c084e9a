import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import { isAssignee } from '../../tasks/humanTasks';
import { signTaskLinks } from '../../tasks/taskLinks';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { IdParam, errors, json } from '../schemas';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:560px;margin:3rem auto;padding:0 1rem;color:#1d2433}button{font:inherit;padding:.6rem 1.4rem;border-radius:6px;border:0;background:#1f5fd1;color:#fff}textarea{width:100%;min-height:5rem;font:inherit}</style>
</head><body>${body}</body></html>`;
}

/**
 * Decisions by signed e-mail link. A GET only shows a confirmation page (mail scanners pre-fetch
 * links); only the POST from that page decides. Links are bound to one approver, task and
 * decision, expire, and work once.
 */
export function approvalLinkRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock, approvalLinks } = deps;
  const origin = deps.publicOrigin ?? '';

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tasks/{id}/links',
      tags: ['tasks'],
      request: { params: IdParam },
      responses: {
        201: json(
          z.object({ links: z.record(z.string(), z.string()), expiresAt: z.number() }),
          'One signed link per outcome, for the e-mail to the approver',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const user = currentUser(c);
      const task = await core.tasks.getOwnTask(c.req.valid('param').id, user);
      if (task.status !== 'open') throw new AppError('ALREADY_DECIDED', 'This task is no longer open');
      const { links, expiresAt } = signTaskLinks({
        approvalLinks,
        task,
        approverId: user.id,
        outcomes: task.outcomes,
        origin,
        now: clock.now(),
      });
      return c.json({ links, expiresAt }, 201);
    },
  );

  app.get('/approve/:token', async (c) => {
    const verified = approvalLinks.verify(c.req.param('token'), clock.now());
    if (!verified.ok)
      return c.html(
        page(
          'Link not valid',
          `<h1>This link cannot be used</h1><p>It is expired, altered or not a Flowline link (${escapeHtml(verified.code)}).</p>`,
        ),
        400,
      );
    const task = await core.store.getTask(verified.claims.taskId);
    if (!task || task.status !== 'open')
      return c.html(
        page(
          'Already decided',
          '<h1>Nothing to decide</h1><p>This request has already been decided or withdrawn.</p>',
        ),
        409,
      );
    const decision = escapeHtml(verified.claims.decision);
    return c.html(
      page(
        `Confirm: ${verified.claims.decision}`,
        `<h1>${escapeHtml(task.title)}</h1><p>You are about to answer <strong>${decision}</strong>. Nothing has been decided yet.</p>
<form method="post"><label>Comment<br><textarea name="comment" maxlength="10000"></textarea></label><p><button type="submit">Confirm: ${decision}</button></p></form>`,
      ),
    );
  });

  app.post('/approve/:token', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/x-www-form-urlencoded/i.test(type))
      return c.html(page('Not accepted', '<h1>Use the confirmation page</h1>'), 415);
    const form = await c.req.parseBody();
    const comment = typeof form['comment'] === 'string' ? form['comment'].slice(0, 10_000) : undefined;
    const redeemed = await approvalLinks.redeem(core.store, c.req.param('token'), clock.now());
    if (!redeemed.ok)
      return c.html(
        page(
          'Link not valid',
          `<h1>This link cannot be used</h1><p>${escapeHtml(redeemed.code === 'ALREADY_USED' ? 'It has already been used.' : `Reason: ${redeemed.code}`)}</p>`,
        ),
        redeemed.code === 'ALREADY_USED' ? 409 : 400,
      );
    const approver = await core.store.getUser(redeemed.claims.approverId);
    const task = await core.store.getTask(redeemed.claims.taskId);
    if (!approver || approver.disabled || !task || !isAssignee(task, approver))
      return c.html(page('Not allowed', '<h1>This task is no longer yours to decide</h1>'), 403);
    try {
      await core.tasks.decide(task.id, approver, {
        outcome: redeemed.claims.decision,
        ...(comment ? { comment } : {}),
      });
    } catch (error) {
      if (error instanceof AppError)
        return c.html(
          page('Not decided', `<h1>Not decided</h1><p>${escapeHtml(error.message)}</p>`),
          error.code === 'INVALID_INPUT' ? 400 : 409,
        );
      throw error;
    }
    return c.html(
      page(
        'Thank you',
        `<h1>Recorded: ${escapeHtml(redeemed.claims.decision)}</h1><p>You can close this page.</p>`,
      ),
    );
  });
}
