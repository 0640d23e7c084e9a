import type { ValidationIssue } from '@flowline/engine';

/** A validation issue as the engine or the API reports it (the API's code is any string). */
export type IssueLike = Omit<ValidationIssue, 'code'> & { readonly code: string };

/**
 * Where an issue is, in words: `node "approve" field assignees[0]`, `edge "e3" field target`,
 * `field input[2].key`, or nothing for the whole definition.
 */
export function issuePlace(issue: IssueLike, document: unknown): string {
  const [head, index, ...rest] = issue.path;
  if (head === 'nodes' && typeof index === 'number') {
    const id = issue.nodeId ?? idAt(document, 'nodes', index);
    return joinPlace(id !== undefined ? `node "${id}"` : `node #${index + 1}`, rest);
  }
  if (head === 'edges' && typeof index === 'number') {
    const id = issue.edgeId ?? idAt(document, 'edges', index);
    return joinPlace(id !== undefined ? `edge "${id}"` : `edge #${index + 1}`, rest);
  }
  if (issue.nodeId !== undefined) return joinPlace(`node "${issue.nodeId}"`, issue.path);
  if (issue.edgeId !== undefined) return joinPlace(`edge "${issue.edgeId}"`, issue.path);
  return issue.path.length > 0 ? `field ${fieldPath(issue.path)}` : '';
}

/** One issue in words, without the file: its place, then the engine's message; warnings say so. */
export function issueLine(issue: IssueLike, document: unknown): string {
  const place = issuePlace(issue, document);
  const label = issue.severity === 'warning' ? 'warning: ' : '';
  return `${label}${place ? `${place}: ` : ''}${ownMessage(issue)}`;
}

/**
 * One issue as a plain sentence after the file's name. An expression's faulty part is shown
 * under it when the issue gives its range.
 */
export function issueSentence(file: string, issue: IssueLike, document: unknown): string {
  const sentence = `${file}: ${issueLine(issue, document)}`;
  const underline = expressionUnderline(issue, document);
  return underline ? `${sentence}\n${underline}` : sentence;
}

/** `assignees[0].expression` from ['assignees', 0, 'expression']. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

const joinPlace = (subject: string, rest: readonly (string | number)[]) =>
  rest.length > 0 ? `${subject} field ${fieldPath(rest)}` : subject;

// Schema messages from the engine start with their dotted path, which the place already says.
function ownMessage(issue: IssueLike): string {
  const prefix = `${issue.path.join('.')}: `;
  return issue.path.length > 0 && issue.message.startsWith(prefix)
    ? issue.message.slice(prefix.length)
    : issue.message;
}

function idAt(document: unknown, list: 'nodes' | 'edges', index: number): string | undefined {
  const items = isRecord(document) ? document[list] : undefined;
  const item = Array.isArray(items) ? (items[index] as unknown) : undefined;
  return isRecord(item) && typeof item['id'] === 'string' ? item['id'] : undefined;
}

function expressionUnderline(issue: IssueLike, document: unknown): string | undefined {
  if (!issue.range) return undefined;
  const text = valueAt(document, issue.path);
  if (typeof text !== 'string' || text.includes('\n') || issue.range.end > text.length) return undefined;
  const width = Math.max(1, issue.range.end - issue.range.start);
  return `    ${text}\n    ${' '.repeat(issue.range.start)}${'^'.repeat(width)}`;
}

function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let at: unknown = document;
  for (const part of path) {
    if (!isRecord(at) && !Array.isArray(at)) return undefined;
    at = (at as Record<string | number, unknown>)[part];
  }
  return at;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
