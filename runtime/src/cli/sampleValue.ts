export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * A plausible value for a JSON Schema, for simulated connector outputs and form answers: the
 * schema's own const, example, default or first enum value when it has one, else a value of its
 * type within its bounds. Strings are named after their property, so a trace shows where they
 * came from.
 */
export function sampleValue(schema: unknown, options: { name?: string; now: number }, depth = 0): Json {
  if (!isRecord(schema) || depth > 12) return null;
  // A JSON Schema is JSON: its const, examples, default and enum values are too.
  if ('const' in schema) return schema['const'] as Json;
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0)
    return schema['examples'][0] as Json;
  if ('default' in schema) return schema['default'] as Json;
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0] as Json;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const choices = schema[key];
    if (!Array.isArray(choices)) continue;
    const chosen = choices.find((s) => !(isRecord(s) && s['type'] === 'null')) ?? choices[0];
    return sampleValue(chosen, options, depth + 1);
  }
  const types = Array.isArray(schema['type']) ? (schema['type'] as unknown[]) : [schema['type']];
  const type =
    types.find((t) => t !== 'null') ?? types[0] ?? (isRecord(schema['properties']) ? 'object' : undefined);
  switch (type) {
    case 'object':
      return sampleObject(schema, options, depth);
    case 'array': {
      if (Array.isArray(schema['prefixItems']))
        return schema['prefixItems'].map((item) => sampleValue(item, options, depth + 1));
      return [sampleValue(schema['items'], { now: options.now }, depth + 1)];
    }
    case 'string':
      return sampleString(schema, options);
    case 'integer':
    case 'number':
      return sampleNumber(schema, type === 'integer');
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function sampleObject(schema: Record<string, unknown>, options: { now: number }, depth: number) {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const sample: Record<string, Json> = {};
  for (const [name, property] of Object.entries(properties))
    sample[name] = sampleValue(property, { name, now: options.now }, depth + 1);
  return sample;
}

function sampleString(schema: Record<string, unknown>, options: { name?: string; now: number }): string {
  const iso = new Date(options.now).toISOString();
  switch (schema['format']) {
    case 'email':
      return 'someone@example.com';
    case 'date-time':
      return iso;
    case 'date':
      return iso.slice(0, 10);
    case 'time':
      return iso.slice(11, 19);
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  const text = `${options.name ?? 'sample'}-1`;
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  return text.padEnd(min, 'x').slice(0, max);
}

function sampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  const at = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const low =
    at('minimum') ?? (at('exclusiveMinimum') !== undefined ? at('exclusiveMinimum')! + 1 : undefined);
  const high =
    at('maximum') ?? (at('exclusiveMaximum') !== undefined ? at('exclusiveMaximum')! - 1 : undefined);
  let value = 1;
  if (low !== undefined && value < low) value = low;
  if (high !== undefined && value > high) value = high;
  return integer ? Math.ceil(value) : value;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
