import { defineAction, permanent } from '@flowline/connector-sdk';
import { z } from 'zod';
import { toAdf } from '../atlassianDocument';
import { jiraAuth, JiraSettingsSchema } from '../jiraApi';

const CreatedSchema = z.object({ id: z.string(), key: z.string() });

export const createIssue = defineAction({
  id: 'createIssue',
  title: 'Create issue',
  description: 'Creates a Jira issue with a summary and a plain-text description.',
  credentials: jiraAuth,
  settings: JiraSettingsSchema,
  input: z.object({
    projectKey: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'A project key such as ITSM')
      .meta({ title: 'Project key' }),
    issueType: z
      .string()
      .min(1)
      .default('Task')
      .meta({ title: 'Issue type', description: 'e.g. Task, Bug, Service Request' }),
    summary: z.string().min(1).max(255).meta({ title: 'Summary' }),
    description: z.string().max(32_000).optional().meta({ title: 'Description' }),
  }),
  output: z.object({
    id: z.string().meta({ title: 'Issue id' }),
    key: z.string().meta({ title: 'Issue key' }),
  }),
  async run(ctx, input) {
    const fields = {
      project: { key: input.projectKey },
      issuetype: { name: input.issueType },
      summary: input.summary,
      ...(input.description === undefined ? {} : { description: toAdf(input.description) }),
    };
    const res = await ctx.http.post('/rest/api/3/issue', { json: { fields } });
    const created = CreatedSchema.safeParse(await res.json());
    if (!created.success) throw permanent('UNEXPECTED_RESPONSE', 'Jira answered without an issue id and key');
    return created.data;
  },
});
