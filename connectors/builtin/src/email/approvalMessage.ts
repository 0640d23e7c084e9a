/** One decision the approver can take: a label and its signed, single-use link. */
export interface ApprovalChoice {
  readonly label: string;
  readonly url: string;
}

/** What an approval mail says; the links come signed and single-use from the runtime. */
export interface ApprovalMessageParts {
  readonly intro: string;
  /** One per outcome the approval offers, in its order. */
  readonly choices: readonly ApprovalChoice[];
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const paragraphs = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

const button = (choice: ApprovalChoice) =>
  `<a href="${escapeHtml(choice.url)}" style="display:inline-block;padding:10px 20px;margin:0 12px 12px 0;` +
  `background:#1f5fd1;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${escapeHtml(choice.label)}</a>`;

const notice = 'Each link opens a page where you confirm your decision; opening it alone decides nothing.';

/**
 * The text and HTML bodies of an approval request: one link per outcome. All author text is
 * escaped: it is data, not markup. The links are plain GET links to a confirmation page, because
 * mail scanners fetch every link in a message; only the confirmation page's POST records a decision.
 */
export function approvalMessage(parts: ApprovalMessageParts): { text: string; html: string } {
  const text = [
    parts.intro,
    '',
    ...parts.choices.map((choice) => `${choice.label}: ${choice.url}`),
    '',
    notice,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    paragraphs(parts.intro),
    `<p>${parts.choices.map(button).join('')}</p>`,
    `<p style="color:#666666;font-size:12px">${notice}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
