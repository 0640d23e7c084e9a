import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { z } from 'zod';

/** The parts of an OpenAPI 3.1 document the checker reads. */
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  readonly responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** One request and what came back, as a client saw it. */
export interface ObservedExchange {
  readonly method: string;
  /** The request path, query string allowed (`/api/tasks/t1?limit=2`). */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
}

const OpenApiDocumentSchema = z.looseObject({
  paths: z.record(
    z.string(),
    z.record(z.string(), z.looseObject({ responses: z.record(z.string(), z.unknown()) })),
  ),
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Holds real responses against the OpenAPI document: the operation must be documented, the status
 * listed for it, and a JSON body must match the documented schema. Records which operation and
 * status each exchange exercised, so a suite can tell which operations it never saw.
 */
export function createConformanceChecker(documentJson: unknown) {
  const document = OpenApiDocumentSchema.parse(documentJson) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(closeObjects(structuredClone(document)) as object, 'openapi');
  const validators = new Map<string, ValidateFunction>();
  const seen = new Set<string>();

  // Literal segments win over parameters (`/definitions/validate` before `/definitions/{id}`).
  const templates = Object.keys(document.paths)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^/]+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);

  const pointer = (...parts: string[]) =>
    parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

  function validatorFor(template: string, method: string, status: string, type: string) {
    const key = `${method} ${template} ${status} ${type}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile({
        $ref: `openapi#/${pointer('paths', template, method, 'responses', status, 'content', type, 'schema')}`,
      });
      validators.set(key, validate);
    }
    return validate;
  }

  /** Problems with one exchange, in words; empty when it conforms or no documented operation matches. */
  function check(exchange: ObservedExchange): string[] {
    const method = exchange.method.toLowerCase();
    const path = exchange.path.split('?')[0] ?? '';
    const label = `${exchange.method} ${path} → ${exchange.status}`;
    const match = templates.find((t) => t.pattern.test(path) && document.paths[t.template]?.[method]);
    // Paths the document does not describe (unknown URLs, /approve pages, probes) are checked
    // elsewhere: every registered /api route must be documented (see openapi.test.ts).
    if (!match) return [];
    const operation = document.paths[match.template]![method]!;
    const status = String(exchange.status);
    const response = operation.responses[status] ?? operation.responses['default'];
    if (!response) return [`${label}: status ${status} is not documented for ${method} ${match.template}`];
    seen.add(`${method} ${match.template} ${status}`);
    const documentedTypes = Object.keys(response.content ?? {});
    if (documentedTypes.length === 0) {
      return exchange.body === undefined ? [] : [`${label}: a body came back where none is documented`];
    }
    const type = (exchange.contentType ?? '').split(';')[0]!.trim();
    if (!documentedTypes.includes(type))
      return [`${label}: content type "${type}" is not documented (${documentedTypes.join(', ')})`];
    if (type !== 'application/json' || response.content?.[type]?.schema === undefined) return [];
    const validate = validatorFor(match.template, method, status, type);
    if (validate(exchange.body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${label}: body${e.instancePath || ''} ${e.message ?? 'does not match'} ${JSON.stringify(e.params)}`,
    );
  }

  /** Every documented (operation, status) pair, and whether an exchange exercised it. */
  function coverage() {
    const rows: { operation: string; status: string; seen: boolean }[] = [];
    for (const [template, operations] of Object.entries(document.paths))
      for (const method of METHODS) {
        const operation = operations[method];
        if (!operation) continue;
        for (const status of Object.keys(operation.responses))
          rows.push({
            operation: `${method.toUpperCase()} ${template}`,
            status,
            seen: seen.has(`${method} ${template} ${status}`),
          });
      }
    return rows;
  }

  return { check, coverage };
}

export type ConformanceChecker = ReturnType<typeof createConformanceChecker>;

/** Reads a Response without consuming it, in the shape the checker takes. */
export async function observe(method: string, path: string, response: Response): Promise<ObservedExchange> {
  const text = await response.clone().text();
  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  return { method, path, status: response.status, contentType: response.headers.get('content-type'), body };
}

/**
 * A field the document does not list is drift too (a generated client cannot see it), so objects
 * that list their properties are checked as closed unless they say otherwise. An `allOf` of
 * objects (what `.extend()` of a named schema becomes) is merged first, or closing each part
 * would refuse the other part's fields.
 */
function closeObjects(document: OpenApiDocument): OpenApiDocument {
  const resolve = (schema: Record<string, unknown>): Record<string, unknown> => {
    const ref = schema['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
    let target: unknown = document;
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown>)[part];
    return resolve(target as Record<string, unknown>);
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const schema = value as Record<string, unknown>;
    const parts = Array.isArray(schema['allOf'])
      ? (schema['allOf'] as Record<string, unknown>[]).map(resolve)
      : [];
    if (parts.length > 0 && parts.every((p) => p['type'] === 'object')) {
      delete schema['allOf'];
      schema['type'] = 'object';
      schema['properties'] = Object.assign({}, ...parts.map((p) => p['properties'] ?? {}));
      schema['required'] = parts.flatMap((p) => (p['required'] as string[] | undefined) ?? []);
    }
    for (const child of Object.values(schema)) visit(child);
    if (schema['type'] === 'object' && schema['properties'] && !('additionalProperties' in schema))
      schema['additionalProperties'] = false;
  };
  visit(document);
  return document;
}
