import { credential } from '@flowline/connector-sdk';
import { z } from 'zod';

export const JiraSettingsSchema = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .meta({ title: 'Site URL', description: 'e.g. https://acme.atlassian.net' }),
});

/** Jira Cloud authenticates REST calls with Basic auth of an account e-mail and an API token. */
export const jiraAuth = credential.custom(
  z.object({
    email: z.email().meta({ title: 'Account e-mail' }),
    apiToken: z.string().min(1).meta({ title: 'API token', writeOnly: true }),
  }),
  {
    describe: 'An Atlassian account e-mail and an API token',
    headers: (v) => ({
      authorization: `Basic ${Buffer.from(`${v.email}:${v.apiToken}`).toString('base64')}`,
    }),
  },
);

export const IssueKeySchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'An issue key such as ITSM-42')
  .meta({ title: 'Issue key' });

export const issuePath = (key: string) => `/rest/api/3/issue/${encodeURIComponent(key)}`;
