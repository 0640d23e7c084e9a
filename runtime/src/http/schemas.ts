import { z } from '@hono/zod-openapi';
import { WorkflowIdSchema } from '@flowline/engine';
import { wholeNumber } from './queryValues';

/** Shapes shared by several routes. */
export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'INVALID_INPUT' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional().openapi({ description: 'On 500s: quote it when reporting the problem' }),
    /** With STORE_UNAVAILABLE: disk-full, read-only, io-error or busy. */
    reason: z.string().optional(),
  })
  .catchall(z.unknown())
  .openapi('Error');

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/**
 * A workflow id in the path of a route that writes: the engine's own rule, so nothing is stored
 * under an id no definition can have (and no route could then reach).
 */
export const WorkflowIdParam = z.object({
  // Piped: the engine's schema is built with plain zod (no .openapi of its own).
  id: z
    .string()
    .pipe(WorkflowIdSchema)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const PageQuery = z.object({
  limit: wholeNumber({ min: 1, max: 200, example: 50 }).default(50),
  cursor: z.string().max(500).optional(),
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * A JSON request body. Required unless it is an object whose every field is optional: then a
 * body-less request (`curl -X POST`) means `{}`, as it does for publish, instead of a 400.
 * An object body refuses keys it does not name (400, one issue per key), as query parameters are
 * refused: a misspelt `inputs`, `coment` or `reson` would otherwise be dropped and the request
 * carried out without what it said.
 */
export const body = <T extends z.ZodType>(schema: T) => ({
  body: {
    content: { 'application/json': { schema: refusingUnknownKeys(schema) } },
    required: !everyFieldOptional(schema),
  },
});

/** The schema with its top-level unknown keys refused; the same type, as only refusals change. */
function refusingUnknownKeys<T extends z.ZodType>(schema: T): T {
  // Already strict (or with a catch-all of its own): left as it is, with its name in the document.
  if (!(schema instanceof z.ZodObject) || schema.def.catchall !== undefined) return schema;
  // `catchall` rather than `strict`: zod-to-openapi carries `.openapi()` metadata over that one.
  const strict = schema.catchall(z.never());
  // Nor does a copy carry `.describe()`: the OpenAPI document keeps it.
  return (schema.description === undefined ? strict : strict.describe(schema.description)) as unknown as T;
}

const everyFieldOptional = (schema: z.ZodType): boolean =>
  schema instanceof z.ZodObject && Object.values(schema.shape).every((field) => field.isOptional());

/** The error responses every route may give. */
export const errors = {
  400: json(ErrorSchema, 'Invalid input, with field-level issues'),
  401: json(ErrorSchema, 'Not signed in'),
  403: json(ErrorSchema, 'Not allowed'),
  404: json(ErrorSchema, 'Not found'),
  409: json(ErrorSchema, 'Conflicts with the current state'),
  413: json(ErrorSchema, 'The body is larger than the configured limit'),
  415: json(ErrorSchema, 'The body is not application/json'),
  429: json(ErrorSchema, 'Too many requests; retry after the Retry-After header'),
  500: json(ErrorSchema, 'Something failed on the server; the body carries a requestId for the logs'),
  503: json(
    ErrorSchema,
    'The store cannot save changes now (STORE_UNAVAILABLE, with a reason; retry after Retry-After); nothing changed',
  ),
} as const;

/**
 * Any JSON value (a workflow's input, output, form data…). Named, because the schema is recursive
 * and the document needs a `$ref` to describe it.
 */
export const JsonValue = z.json().openapi('JsonValue');
/** A JSON object (a definition, an input record). */
export const JsonObject = z.record(z.string(), JsonValue);
