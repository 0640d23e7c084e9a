import { formToValidator, isSafeKey, type FormField } from '@flowline/engine';
import { AppError, type FieldIssue } from '../errors';
import type { Store } from '../store';

const MAX_DEPTH = 32;

/** Why data is refused at the boundary, where, and the sentence for the caller. */
export interface UnsafeData {
  readonly path: string;
  readonly problem: 'forbidden key' | 'nesting';
  readonly message: string;
}

/**
 * The first key that could reach a prototype (`__proto__`, `constructor`, `prototype`), or the
 * first place nested deeper than any workflow data needs (the check, and everything after it,
 * walks data recursively), as a path.
 */
export function findUnsafeData(value: unknown, path = '', depth = 0): UnsafeData | undefined {
  if (depth > MAX_DEPTH)
    return {
      path: path || '(root)',
      problem: 'nesting',
      message: `Nested more than ${MAX_DEPTH} levels deep: flatten the data`,
    };
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isSafeKey(key))
      return {
        path: at,
        problem: 'forbidden key',
        message: 'Keys named __proto__, constructor or prototype are not accepted',
      };
    const found = findUnsafeData((value as Record<string, unknown>)[key], at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The refusal of unsafe data, as every boundary words it. */
export function unsafeDataError(found: UnsafeData, what: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    found.problem === 'nesting' ? `${what} is nested too deeply` : `${what} contains a forbidden key`,
    { issues: [{ path: found.path, message: found.message }] },
  );
}

/** Refuses data with prototype keys or runaway nesting at the boundary, before it can reach anything. */
export function assertPlainData(value: unknown, what: string): void {
  const found = findUnsafeData(value);
  if (found) throw unsafeDataError(found, what);
}

// A published version's fields never change: its validator is built once, not per start.
const validators = new WeakMap<readonly FormField[], ReturnType<typeof formToValidator>>();
const validatorFor = (fields: readonly FormField[]) => {
  let validator = validators.get(fields);
  if (!validator) validators.set(fields, (validator = formToValidator(fields)));
  return validator;
};

/** Validates a request form's data against the workflow's input fields (unknown keys refused). */
export function checkFormInput(fields: readonly FormField[], input: unknown): Record<string, unknown> {
  assertPlainData(input, 'The input');
  const parsed = validatorFor(fields).safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: FieldIssue[] = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(input)',
    message:
      i.code === 'unrecognized_keys'
        ? `Unknown field(s): ${(i as { keys?: string[] }).keys?.join(', ')}`
        : i.message,
  }));
  throw new AppError('INVALID_INPUT', 'The input does not fit the request form', { issues });
}

/**
 * Refuses values of `format: "user"` fields that name no active user: the form itself cannot know
 * who exists, and an approval assigned to nobody would otherwise be an incident from the first
 * step. For what a person submits (a start, a decision form); `values` already passed the form's
 * validator. A blank optional field names nobody and is left alone.
 */
export async function checkFormUsers(
  store: Pick<Store, 'getUser'>,
  fields: readonly FormField[],
  values: Record<string, unknown>,
  pathPrefix = '',
): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const field of fields) {
    const value = values[field.key];
    if (field.format !== 'user' || typeof value !== 'string' || value === '') continue;
    const user = await store.getUser(value);
    if (!user || user.disabled)
      issues.push({
        path: `${pathPrefix}${field.key}`,
        message: `There is no active user ${value}: pick a person from the directory`,
      });
  }
  if (issues.length > 0)
    throw new AppError('INVALID_INPUT', 'A field names a person who is not an active user', { issues });
}
