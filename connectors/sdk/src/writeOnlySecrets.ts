import { z } from 'zod';
import { collectSecretStrings } from './redaction';

type JsonNode = Readonly<Record<string, unknown>>;

const isNode = (value: unknown): value is JsonNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function hasWriteOnly(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasWriteOnly);
  if (!isNode(node)) return false;
  return node['writeOnly'] === true || Object.values(node).some(hasWriteOnly);
}

/** Walks a value along its JSON Schema and collects the strings under `writeOnly` parts. */
function collect(root: JsonNode, node: unknown, value: unknown, out: string[], depth: number): void {
  if (!isNode(node) || depth > 32) return;
  if (node['writeOnly'] === true) {
    out.push(...collectSecretStrings(value));
    return;
  }
  const ref = node['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
    const defs = root['$defs'];
    if (isNode(defs)) collect(root, defs[ref.slice('#/$defs/'.length)], value, out, depth + 1);
  }
  for (const combinator of ['anyOf', 'oneOf', 'allOf']) {
    const branches = node[combinator];
    if (Array.isArray(branches)) for (const branch of branches) collect(root, branch, value, out, depth + 1);
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(root, node['items'], item, out, depth + 1);
    return;
  }
  if (!isNode(value)) return;
  const properties = isNode(node['properties']) ? node['properties'] : {};
  for (const [key, item] of Object.entries(value)) {
    const sub = Object.hasOwn(properties, key) ? properties[key] : node['additionalProperties'];
    collect(root, sub, item, out, depth + 1);
  }
}

/**
 * How to find the secret strings of a custom credential's values: the strings under the fields its
 * schema marks `writeOnly` (the same mark that keeps them out of forms). A schema that marks none,
 * or cannot be expressed as JSON Schema, treats every string as secret: the safe default. Only
 * the secret fields are collected because these values are masked in stored results too, where
 * masking a user name or a scheme name (`basic`, `none`) would damage data.
 *
 * @example
 * const secretsOf = writeOnlySecrets(z.object({ user: z.string(), key: z.string().meta({ writeOnly: true }) }));
 * secretsOf({ user: 'svc', key: 'k-1' }); // ['k-1']
 */
export function writeOnlySecrets(schema: z.ZodType): (values: unknown) => string[] {
  let json: JsonNode | undefined;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    json = undefined;
  }
  if (json === undefined || !hasWriteOnly(json)) return collectSecretStrings;
  const root = json;
  return (values) => {
    const out: string[] = [];
    collect(root, root, values, out, 0);
    return out;
  };
}
