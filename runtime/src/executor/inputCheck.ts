import { formToValidator, isSafeKey, type FormField } from '@flowline/engine';
import { AppError, type FieldIssue } from '../errors';

const MAX_DEPTH = 32;

/** The first key that could reach a prototype (`__proto__`, `constructor`, `prototype`), as a path. */
export function findPrototypeKey(value: unknown, path = '', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return path || '(root)';
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isSafeKey(key)) return at;
    const found = findPrototypeKey((value as Record<string, unknown>)[key], at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Refuses data with prototype keys at the boundary, before it can reach anything. */
export function assertPlainData(value: unknown, what: string): void {
  const bad = findPrototypeKey(value);
  if (bad)
    throw new AppError('INVALID_INPUT', `${what} contains a forbidden key`, {
      issues: [{ path: bad, message: 'Keys named __proto__, constructor or prototype are not accepted' }],
    });
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
