import { defineConnector } from '@flowline/connector-sdk';
import { postMessage } from './actions/postMessage';
import { slackWebhook } from './slackWebhook';

/** Slack through an incoming webhook. No check(): a webhook has no call that posts nothing. */
export const slack = defineConnector({
  id: 'slack',
  title: 'Slack',
  version: '1.0.0',
  description: 'Post messages to a Slack channel through an incoming webhook.',
  credentials: slackWebhook,
  actions: [postMessage],
});
