import { webhookCredential } from '../network/webhookCredential';

export const teamsWebhook = webhookCredential(
  'The Teams incoming-webhook URL (a Workflows "post to a channel when a webhook request is received" URL)',
);
