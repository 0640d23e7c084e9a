import { z } from 'zod';
import type { AnyConnector } from './defineConnector';

/** A JSON Schema document produced by `z.toJSONSchema`. */
export const JsonSchemaSchema = z.record(z.string(), z.unknown());
export type JsonSchema = z.infer<typeof JsonSchemaSchema>;

export const CatalogActionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  input: JsonSchemaSchema,
  output: JsonSchemaSchema,
  timeoutMs: z.number().int().positive(),
});
export type CatalogAction = z.infer<typeof CatalogActionSchema>;

/**
 * What the runtime, the engine and the designer know of a connector: ids, titles and JSON Schemas,
 * never code. Forms are rendered from these schemas.
 *
 * @example
 * const entry: CatalogEntry = CatalogEntrySchema.parse(await (await fetch('/api/connectors/servicenow')).json());
 */
export const CatalogEntrySchema = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  description: z.string().optional(),
  credentials: z.object({
    kind: z.enum(['none', 'apiKey', 'bearer', 'basic', 'oauth2ClientCredentials', 'custom']),
    describe: z.string().optional(),
    schema: JsonSchemaSchema,
  }),
  settings: JsonSchemaSchema,
  actions: z.array(CatalogActionSchema),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

// Forms describe what a person types (input side); outputs describe what later steps can read.
const inputSchema = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input' });
const outputSchema = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'output' });

/**
 * Converts a connector into its catalog entry. Throws if a schema cannot be expressed as JSON
 * Schema (e.g. a transform); `describeConnectorContract` catches that in the connector's own tests.
 *
 * @example
 * const catalog = { connectors: builtinConnectors.map(toCatalogEntry) };
 */
export function toCatalogEntry(connector: AnyConnector): CatalogEntry {
  return {
    id: connector.id,
    title: connector.title,
    version: connector.version,
    ...(connector.description === undefined ? {} : { description: connector.description }),
    credentials: {
      kind: connector.credentials.kind,
      ...(connector.credentials.describe === undefined ? {} : { describe: connector.credentials.describe }),
      schema: inputSchema(connector.credentials.schema),
    },
    settings: inputSchema(connector.settings),
    actions: connector.actions.map((action) => ({
      id: action.id,
      title: action.title,
      description: action.description,
      input: inputSchema(action.input),
      output: outputSchema(action.output),
      timeoutMs: action.timeoutMs,
    })),
  };
}
