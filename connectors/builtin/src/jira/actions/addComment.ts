import { defineAction, permanent } from '@flowline/connector-sdk';
import { z } from 'zod';
import { toAdf } from '../atlassianDocument';
import { IssueKeySchema, issuePath, jiraAuth, JiraSettingsSchema } from '../jiraApi';

export const addComment = defineAction({
  id: 'addComment',
  title: 'Add comment',
  description: 'Adds a plain-text comment to an issue.',
  credentials: jiraAuth,
  settings: JiraSettingsSchema,
  input: z.object({
    issueKey: IssueKeySchema,
    text: z.string().min(1).max(32_000).meta({ title: 'Comment' }),
  }),
  output: z.object({ id: z.string().meta({ title: 'Comment id' }) }),
  async run(ctx, input) {
    const res = await ctx.http.post(`${issuePath(input.issueKey)}/comment`, {
      json: { body: toAdf(input.text) },
    });
    const created = z.object({ id: z.string() }).safeParse(await res.json());
    if (!created.success) throw permanent('UNEXPECTED_RESPONSE', 'Jira answered without a comment id');
    return created.data;
  },
});
