import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../errors';
import { signTaskLinks } from '../../tasks/taskLinks';
import { statusOf } from '../errorResponse';
import type { AppDeps, AppEnv } from '../appEnv';
import { currentUser } from '../currentUser';
import { IdParam, errors, json } from '../schemas';
import {
  commentHtml,
  escapeHtml,
  formFieldsHtml,
  taskDetailsHtml,
  taskFieldsOf,
  type EnteredForm,
} from './linkForm';
import { checkLinkForm } from './linkFormCheck';
import type { FieldProblem } from './linkFormValues';
import type { Task } from '../../store';
import { outcomeLabelOf } from '../../tasks/outcomeLabel';
import { LINK_ORIGIN_SOURCES } from '../../tasks/linkOrigin';

const MintedLinksSchema = z.object({
  links: z.record(z.string(), z.string()),
  expiresAt: z.number(),
  origin: z
    .object({
      url: z.string().openapi({ example: 'https://flowline.example.com' }),
      source: z.enum(LINK_ORIGIN_SOURCES).openapi({
        description:
          'publicOrigin: the FLOWLINE_PUBLIC_ORIGIN setting. listenAddress: it is unset, so the links point at the address this process listens on, which approvers on other machines may not reach',
      }),
    })
    .openapi({ description: 'Where every link points, and why there (never the request’s Host header)' }),
});

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:560px;margin:3rem auto;padding:0 1rem;color:#1d2433}button{font:inherit;padding:.6rem 1.4rem;border-radius:6px;border:0;background:#1f5fd1;color:#fff}textarea{width:100%;min-height:5rem;font:inherit}.problem{color:#b42318}</style>
</head><body>${body}</body></html>`;
}

const invalidLink = (c: Context, code: string) =>
  c.html(
    page(
      'Link not valid',
      `<h1>This link cannot be used</h1><p>It is expired, altered or not a Flowline link (${escapeHtml(code)}).</p>`,
    ),
    400,
  );

/** A refusal as a page, with the status the API gives the same refusal, and what was wrong with each field. */
const refused = (c: Context, error: AppError) => {
  const issues =
    (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const list = issues.length
    ? `<ul>${issues.map((i) => `<li>${escapeHtml(i.message)}</li>`).join('')}</ul><p>Go back, correct it and confirm again: the link still works.</p>`
    : '';
  return c.html(
    page('Not decided', `<h1>Not decided</h1><p>${escapeHtml(error.message)}</p>${list}`),
    statusOf(error.code),
  );
};

/**
 * The page that asks the approver to confirm `decision`, with the task's fields; shown again with
 * what they entered and each field's message when a confirmation was refused for its input.
 */
function confirmationPage(task: Task, decision: string, entered?: EnteredForm): string {
  // The outcome's label, as the e-mail's button that opened this page said it.
  const label = outcomeLabelOf(task.form, decision);
  const outcome = escapeHtml(label);
  const unplaced = entered
    ? [...entered.problems].filter(([path]) => path !== 'comment' && !isFieldOf(task, path))
    : [];
  const notice = entered
    ? `<p role="alert"><strong>Nothing was decided.</strong> Correct what is marked and confirm again: the link still works.</p>${
        unplaced.length > 0
          ? `<ul>${unplaced.map(([, message]) => `<li>${escapeHtml(message)}</li>`).join('')}</ul>`
          : ''
      }`
    : '';
  return page(
    `Confirm: ${label}`,
    `<h1>${escapeHtml(task.title)}</h1>${taskDetailsHtml(task.form)}${notice}<p>You are about to answer <strong>${outcome}</strong>. Nothing has been decided yet.</p>
<form method="post">${formFieldsHtml(taskFieldsOf(task.form), entered)}${commentHtml(entered)}<p><button type="submit">Confirm: ${outcome}</button></p></form>`,
  );
}

/** A link opened after its task closed: which way, in the words the API's refusal uses. */
function closedTaskPage(status: Task['status'] | undefined): string {
  const [title, why] =
    status === 'cancelled'
      ? ['Withdrawn', 'This task was withdrawn: its request was cancelled or moved on.']
      : ['Already decided', 'This task has already been decided.'];
  return page(title, `<h1>Nothing to decide</h1><p>${why}</p>`);
}

const isFieldOf = (task: Task, path: string) =>
  taskFieldsOf(task.form).some((field) => path === `form.${field.key}`);

/**
 * Decisions by signed e-mail link. A GET only shows a confirmation page (mail scanners pre-fetch
 * links); only the POST from that page decides. Links are bound to one approver, task and
 * decision, expire, and work once. A link proves who the approver is, nothing more: whether they
 * may decide is the API's decision policy, run on the approver as they are now.
 */
export function approvalLinkRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { core, clock, approvalLinks } = deps;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tasks/{id}/links',
      tags: ['tasks'],
      request: { params: IdParam },
      responses: {
        201: json(MintedLinksSchema, 'One signed, absolute link per outcome, for the e-mail to the approver'),
        ...errors,
      },
    }),
    async (c) => {
      const user = currentUser(c);
      // Links decide, so only someone the decision policy lets decide may mint them.
      const task = await core.tasks.getDecidableTask(c.req.valid('param').id, user);
      const origin = deps.linkOrigin();
      const { links, expiresAt } = signTaskLinks({
        approvalLinks,
        task,
        approverId: user.id,
        outcomes: task.outcomes,
        origin: origin.url,
        now: clock.now(),
      });
      return c.json({ links, expiresAt, origin }, 201);
    },
  );

  app.get('/approve/:token', async (c) => {
    const verified = approvalLinks.verify(c.req.param('token'), clock.now());
    if (!verified.ok) return invalidLink(c, verified.code);
    const task = await core.store.getTask(verified.claims.taskId);
    if (!task || task.status !== 'open') return c.html(closedTaskPage(task?.status), 409);
    // The same policy as the POST (and the API): say now, before anyone confirms, if it would refuse.
    const approver = await core.store.getUser(verified.claims.approverId);
    const refusal = approver
      ? await core.tasks.getDecidableTask(task.id, approver).then(
          () => undefined,
          (error: unknown) => error,
        )
      : new AppError('FORBIDDEN', 'The approver of this link no longer exists');
    if (refusal instanceof AppError) return refused(c, refusal);
    if (refusal) throw refusal;
    return c.html(confirmationPage(task, verified.claims.decision));
  });

  app.post('/approve/:token', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/x-www-form-urlencoded/i.test(type))
      return c.html(page('Not accepted', '<h1>Use the confirmation page</h1>'), 415);
    const form = await c.req.parseBody({ all: true });
    const verified = approvalLinks.verify(c.req.param('token'), clock.now());
    if (!verified.ok) return invalidLink(c, verified.code);
    const { claims } = verified;
    const approver = await core.store.getUser(claims.approverId);
    if (!approver) return refused(c, new AppError('FORBIDDEN', 'The approver of this link no longer exists'));
    let recorded: string;
    try {
      // THE decision policy (the API's own): the approver as the store knows them now, with their
      // current roles. The link is spent only once that policy and the form checks let it through.
      const task = await core.tasks.getDecidableTask(claims.taskId, approver);
      recorded = outcomeLabelOf(task.form, claims.decision);
      // The task's own fields (a manual task's form, an approval's extra fields) and the comment,
      // read as the API reads them; what the page cannot read is shown beside its field, unsent.
      const input = await checkLinkForm(core.store, taskFieldsOf(task.form), form);
      // Shown again, deciding nothing and leaving the link unspent: the first message of each field.
      const again = (problems: readonly FieldProblem[]) => {
        const byPath = new Map<string, string>();
        for (const p of problems) if (!byPath.has(p.path)) byPath.set(p.path, p.message);
        return c.html(confirmationPage(task, claims.decision, { body: form, problems: byPath }), 400);
      };
      if (input.problems.length > 0) return again(input.problems);
      try {
        await core.tasks.decide(
          claims.taskId,
          approver,
          {
            outcome: claims.decision,
            ...(input.comment ? { comment: input.comment } : {}),
            ...(input.form ? { form: input.form } : {}),
          },
          {
            beforeSend: async () => {
              if (!(await approvalLinks.consume(core.store, claims)))
                throw new AppError('CONFLICT', 'This link has already been used');
            },
          },
        );
      } catch (error) {
        // The API's own input checks (required fields, ranges, a person, a comment the outcome needs).
        const issues =
          error instanceof AppError && error.code === 'INVALID_INPUT'
            ? ((error.details as { issues?: FieldProblem[] } | undefined)?.issues ?? [])
            : [];
        if (issues.length > 0) return again(issues);
        throw error;
      }
    } catch (error) {
      if (error instanceof AppError) return refused(c, error);
      throw error;
    }
    return c.html(
      page('Thank you', `<h1>Recorded: ${escapeHtml(recorded)}</h1><p>You can close this page.</p>`),
    );
  });
}
