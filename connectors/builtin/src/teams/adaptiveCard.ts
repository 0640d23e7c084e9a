/** A message with one Adaptive Card: the format Teams Workflows webhooks (and legacy connectors) accept. */
export function adaptiveCardMessage(text: string, title: string | undefined) {
  const heading =
    title === undefined
      ? []
      : [{ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true }];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [...heading, { type: 'TextBlock', text, wrap: true }],
        },
      },
    ],
  };
}
