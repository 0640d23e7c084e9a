import { webhookCredential } from '../network/webhookCredential';

export const slackWebhook = webhookCredential(
  'The incoming-webhook URL Slack gave you (https://hooks.slack.com/services/…)',
);
