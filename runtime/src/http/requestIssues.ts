import { requiredMessage } from '@flowline/engine';
import { fieldIssuesOf, type FieldIssue, type SchemaIssue } from '../errors';

// What zod reports for a value that is not there: a wrong type, no allowed option, no union branch.
const LEFT_OUT_CODES = new Set(['invalid_type', 'invalid_value', 'invalid_union']);

/**
 * A request's schema issues (query, path or body) as field issues. A field left out reads
 * `"outcome" is required` (as a form's fields do) rather than zod's "Invalid input: expected string, received undefined",
 * which reads as if something had been sent. Judged from the input itself, not from zod's wording.
 */
export function requestIssuesOf(
  issues: readonly SchemaIssue[],
  input: unknown,
  /** Where `input` sits in the body (`['credentials']`), for paths and messages alike. */
  prefix: readonly string[] = [],
): FieldIssue[] {
  return fieldIssuesOf(
    issues.map((issue) =>
      isLeftOut(issue, input)
        ? { ...issue, message: requiredMessage([...prefix, ...issue.path.map(String)].join('.')) }
        : issue,
    ),
    prefix,
  );
}

function isLeftOut(issue: SchemaIssue, input: unknown): boolean {
  if (!LEFT_OUT_CODES.has(issue.code) || issue.path.length === 0) return false;
  let parent: unknown = input;
  for (const key of issue.path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  // Only a key missing from an object it belongs in: not the object itself being absent.
  return (
    typeof parent === 'object' &&
    parent !== null &&
    (parent as Record<PropertyKey, unknown>)[issue.path.at(-1)!] === undefined
  );
}
