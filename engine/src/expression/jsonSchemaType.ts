import type { JsonSchema } from '../catalog';
import { BOOL, DOUBLE, DYN, NULL, STRING, listOf, mapOf, objectType, type CelType } from './celTypes';

const MAX_DEPTH = 8;

/**
 * The CEL type of data that a JSON Schema describes, as it reaches an expression (JSON numbers
 * are doubles). An object is closed only when the schema says `additionalProperties: false`,
 * as the connector SDK's output schemas do; anything the schema leaves open (unions, $ref, `{}`)
 * is dyn, so a loose schema never produces a false error.
 */
export function jsonSchemaType(schema: unknown, what: string, depth = 0): CelType {
  if (!isRecord(schema) || depth > MAX_DEPTH) return DYN;
  const type = schema['type'];
  if (Array.isArray(type)) {
    const others = type.filter((t) => t !== 'null');
    return others.length === 1 ? jsonSchemaType({ ...schema, type: others[0] }, what, depth) : DYN;
  }
  switch (type) {
    case 'string':
      return schema['format'] === 'date' ? { kind: 'string', format: 'date' } : STRING;
    case 'number':
    case 'integer':
      return DOUBLE;
    case 'boolean':
      return BOOL;
    case 'null':
      return NULL;
    case 'array':
      return listOf(jsonSchemaType(schema['items'], what, depth + 1));
    case 'object':
      return objectSchemaType(schema, what, depth);
    case undefined:
      return untypedSchemaType(schema, what, depth);
    default:
      return DYN;
  }
}

function objectSchemaType(schema: JsonSchema, what: string, depth: number): CelType {
  const properties = schema['properties'];
  const additional = schema['additionalProperties'];
  if (!isRecord(properties))
    return mapOf(additional === false ? DYN : jsonSchemaType(additional, what, depth + 1));
  const fields: Record<string, CelType> = {};
  for (const [name, property] of Object.entries(properties))
    fields[name] = jsonSchemaType(property, `${what}'s ${name}`, depth + 1);
  return objectType(what, fields, additional === false);
}

/** `const`, `enum` or a union whose branches all agree; otherwise unknown. */
function untypedSchemaType(schema: JsonSchema, what: string, depth: number): CelType {
  const values =
    'const' in schema ? [schema['const']] : Array.isArray(schema['enum']) ? schema['enum'] : undefined;
  if (values) {
    const kinds = new Set(values.map((v) => (v === null ? 'null' : typeof v)));
    if (kinds.size !== 1) return DYN;
    const [kind] = kinds;
    return kind === 'string' ? STRING : kind === 'number' ? DOUBLE : kind === 'boolean' ? BOOL : DYN;
  }
  const branches = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(branches) && branches.length > 0) {
    const types = branches.map((b) => jsonSchemaType(b, what, depth + 1)).filter((t) => t.kind !== 'null');
    const [first] = types;
    if (
      first &&
      types.every((t) => t.kind === first.kind) &&
      first.kind !== 'object' &&
      first.kind !== 'list'
    )
      return first.kind === 'string' ? STRING : first.kind === 'map' ? mapOf(DYN) : first;
  }
  return DYN;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
