import { defineAction, permanent, type ActionContext } from '@flowline/connector-sdk';
import { z } from 'zod';
import { IssueKeySchema, issuePath, jiraAuth, JiraSettingsSchema } from '../jiraApi';

const TransitionsSchema = z.object({
  transitions: z.array(
    z.object({ id: z.string(), name: z.string(), to: z.object({ name: z.string() }).optional() }),
  ),
});

/** Transition ids differ between workflows, so a name is looked up among the issue's current ones. */
async function transitionIdFor(ctx: ActionContext<unknown, unknown>, issueKey: string, wanted: string) {
  if (/^\d+$/.test(wanted)) return wanted;
  const res = await ctx.http.get(`${issuePath(issueKey)}/transitions`);
  const parsed = TransitionsSchema.safeParse(await res.json());
  if (!parsed.success)
    throw permanent('UNEXPECTED_RESPONSE', 'Jira answered the transitions list in an unknown shape');
  const lower = wanted.toLowerCase();
  const match =
    parsed.data.transitions.find((t) => t.name.toLowerCase() === lower) ??
    parsed.data.transitions.find((t) => t.to?.name.toLowerCase() === lower);
  if (!match) {
    const available = parsed.data.transitions.map((t) => t.name);
    throw permanent(
      'TRANSITION_NOT_FOUND',
      `${issueKey} has no transition "${wanted}" now; available: ${available.join(', ') || 'none'}`,
      {
        details: { available },
      },
    );
  }
  return match.id;
}

export const transitionIssue = defineAction({
  id: 'transitionIssue',
  title: 'Transition issue',
  description: 'Moves an issue through its workflow by transition id, transition name or target status name.',
  credentials: jiraAuth,
  settings: JiraSettingsSchema,
  input: z.object({
    issueKey: IssueKeySchema,
    transition: z
      .string()
      .min(1)
      .meta({ title: 'Transition', description: 'An id such as 31, or a name such as "Done"' }),
  }),
  output: z.object({ transitionId: z.string().meta({ title: 'Transition id' }) }),
  async run(ctx, input) {
    const transitionId = await transitionIdFor(ctx, input.issueKey, input.transition);
    await ctx.http.post(`${issuePath(input.issueKey)}/transitions`, {
      json: { transition: { id: transitionId } },
    });
    return { transitionId };
  },
});
