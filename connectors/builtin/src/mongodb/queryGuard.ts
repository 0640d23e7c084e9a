import { permanent } from '@flowline/connector-sdk';
import { findForbiddenKey } from '../validation/forbiddenKeys';

/** Operators that run JavaScript on the server; refused anywhere in a filter, update or document. */
const serverJavaScript = new Set(['$where', '$function', '$accumulator']);
/** The only update operators a workflow may use. */
const allowedUpdateOperators = new Set(['$set', '$unset', '$inc', '$push']);

function findKey(value: unknown, test: (key: string) => boolean, path = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (test(key)) return here;
    const below = findKey(item, test, here);
    if (below !== undefined) return below;
  }
  return undefined;
}

/**
 * Refuses prototype-reaching keys and server-side JavaScript anywhere in a filter, projection,
 * update or document. Runs on the JSON as received, before it becomes BSON.
 */
export function assertSafeQuery(value: unknown, what: string): void {
  const forbiddenKey = findForbiddenKey(value);
  if (forbiddenKey !== undefined) {
    throw permanent('FORBIDDEN_KEY', `${what} uses the key "${forbiddenKey}", which is not allowed`);
  }
  const script = findKey(value, (key) => serverJavaScript.has(key));
  if (script !== undefined) {
    throw permanent(
      'FORBIDDEN_OPERATOR',
      `${what} uses ${script.split('.').pop()} (server-side JavaScript), which is not allowed`,
    );
  }
}

/** An update must consist of $set/$unset/$inc/$push only: no replacement documents, no pipelines. */
export function assertSafeUpdate(update: Record<string, unknown>): void {
  assertSafeQuery(update, 'The update');
  const keys = Object.keys(update);
  if (keys.length === 0) throw permanent('INVALID_UPDATE', 'The update is empty');
  const other = keys.find((key) => !allowedUpdateOperators.has(key));
  if (other !== undefined) {
    throw permanent(
      'FORBIDDEN_OPERATOR',
      `The update uses "${other}"; only ${[...allowedUpdateOperators].join(', ')} are allowed`,
    );
  }
}

/** A document to insert: safe keys, no server JavaScript, and no top-level operators. */
export function assertSafeDocument(document: Record<string, unknown>): void {
  assertSafeQuery(document, 'The document');
  const operator = Object.keys(document).find((key) => key.startsWith('$'));
  if (operator !== undefined)
    throw permanent('INVALID_DOCUMENT', `A document cannot have the top-level field "${operator}"`);
}
