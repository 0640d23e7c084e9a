import type { FormField, JsonSchema } from '@flowline/engine';

const MAX_DEPTH = 6;
const SAMPLE_TIME = '2026-01-05T09:00:00Z';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A plausible value for a JSON Schema, as sample output of a connector action: its example or
 * default when it has one, else the first enum value, else a value of its type (formats kept).
 */
export function sampleFromSchema(schema: unknown, name = 'value', depth = 0): unknown {
  if (!isRecord(schema) || depth > MAX_DEPTH) return null;
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0];
  if ('default' in schema) return schema['default'];
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  const branches = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(branches) && branches.length > 0) {
    const branch = branches.find((b) => !(isRecord(b) && b['type'] === 'null')) ?? branches[0];
    return sampleFromSchema(branch, name, depth + 1);
  }
  const type = Array.isArray(schema['type']) ? schema['type'].find((t) => t !== 'null') : schema['type'];
  switch (type) {
    case 'string':
      return sampleString(schema, name);
    case 'integer':
      return typeof schema['minimum'] === 'number' ? Math.ceil(schema['minimum']) : 1;
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [sampleFromSchema(schema['items'], name, depth + 1)];
    case 'object':
    case undefined: {
      const properties = schema['properties'];
      if (!isRecord(properties)) return {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [
          key,
          sampleFromSchema(property, key, depth + 1),
        ]),
      );
    }
    default:
      return null;
  }
}

function sampleString(schema: JsonSchema, name: string): string {
  switch (schema['format']) {
    case 'date-time':
      return SAMPLE_TIME;
    case 'date':
      return SAMPLE_TIME.slice(0, 10);
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000001';
    default: {
      const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
      const text = `sample ${name}`;
      return text.length >= min ? text : text.padEnd(min, 'x');
    }
  }
}

/** Sample data for a request form that its own validator accepts: defaults, first options, in-range numbers. */
export function sampleInput(fields: readonly FormField[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.default !== undefined) {
      input[field.key] = field.default;
      continue;
    }
    const first = field.options?.[0]?.value;
    switch (field.type) {
      case 'number':
      case 'integer':
        input[field.key] = field.min ?? (field.max !== undefined ? Math.min(1, field.max) : 1);
        break;
      case 'boolean':
        input[field.key] = false;
        break;
      case 'date':
        input[field.key] = SAMPLE_TIME.slice(0, 10);
        break;
      case 'datetime':
        input[field.key] = SAMPLE_TIME;
        break;
      case 'email':
        input[field.key] = 'someone@example.com';
        break;
      case 'select':
        if (first !== undefined) input[field.key] = first;
        break;
      case 'multiselect':
        input[field.key] = first !== undefined ? [first] : [];
        break;
      default:
        input[field.key] = `Sample ${field.label.toLowerCase()}`.slice(0, field.maxLength ?? 200);
    }
  }
  return input;
}
