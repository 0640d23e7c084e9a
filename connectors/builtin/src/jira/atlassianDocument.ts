/** An Atlassian Document Format node, as far as plain text needs it. */
export interface AdfNode {
  readonly type: string;
  readonly text?: string;
  readonly content?: readonly AdfNode[];
}

/**
 * Plain text as an ADF document (REST v3 accepts rich text only in this form): blank lines start a
 * new paragraph, single line breaks become hard breaks. Empty text nodes are invalid ADF, so blank
 * stretches produce none.
 */
export function toAdf(text: string): AdfNode & { version: 1 } {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .filter((p) => p.trim() !== '')
    .map((p): AdfNode => {
      const lines = p.split(/\r?\n/);
      const content = lines.flatMap((line, i): AdfNode[] => [
        ...(i > 0 ? [{ type: 'hardBreak' }] : []),
        ...(line === '' ? [] : [{ type: 'text', text: line }]),
      ]);
      return { type: 'paragraph', content };
    });
  return { version: 1, type: 'doc', content: paragraphs };
}
