/** What an approval mail says; the links come signed and single-use from the runtime. */
export interface ApprovalMessageParts {
  readonly intro: string;
  readonly approveUrl: string;
  readonly rejectUrl: string;
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

const button = (url: string, label: string, colour: string) =>
  `<a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 20px;margin-right:12px;` +
  `background:${colour};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${label}</a>`;

const notice = 'Each link opens a page where you confirm your decision; opening it alone decides nothing.';

/**
 * The text and HTML bodies of an approval request. All author text is escaped: it is data, not
 * markup. The links are plain GET links to a confirmation page, because mail scanners fetch every
 * link in a message; only the confirmation page's POST records a decision.
 */
export function approvalMessage(parts: ApprovalMessageParts): { text: string; html: string } {
  const text = [
    parts.intro,
    '',
    `Approve: ${parts.approveUrl}`,
    `Reject: ${parts.rejectUrl}`,
    '',
    notice,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    paragraphs(parts.intro),
    `<p>${button(parts.approveUrl, 'Approve', '#2e7d32')}${button(parts.rejectUrl, 'Reject', '#c62828')}</p>`,
    `<p style="color:#666666;font-size:12px">${notice}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
