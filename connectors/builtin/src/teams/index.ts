import { defineConnector } from '@flowline/connector-sdk';
import { postMessage } from './actions/postMessage';
import { teamsWebhook } from './teamsWebhook';

/** Microsoft Teams through an incoming webhook. No check(): a webhook has no call that posts nothing. */
export const teams = defineConnector({
  id: 'teams',
  title: 'Microsoft Teams',
  version: '1.0.0',
  description: 'Post cards to a Microsoft Teams channel through an incoming webhook.',
  credentials: teamsWebhook,
  actions: [postMessage],
});
