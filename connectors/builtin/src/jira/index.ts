import { defineConnector } from '@flowline/connector-sdk';
import { addComment } from './actions/addComment';
import { createIssue } from './actions/createIssue';
import { transitionIssue } from './actions/transitionIssue';
import { jiraAuth, JiraSettingsSchema } from './jiraApi';

export const jira = defineConnector({
  id: 'jira',
  title: 'Jira',
  version: '1.0.0',
  description: 'Create, transition and comment on Jira issues (REST API v3).',
  credentials: jiraAuth,
  settings: JiraSettingsSchema,
  baseUrl: (settings) => settings.baseUrl,
  check: async (ctx) => void (await ctx.http.get('/rest/api/3/myself')),
  actions: [createIssue, transitionIssue, addComment],
});
