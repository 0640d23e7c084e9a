import { z } from 'zod';

/** A JSON Schema document, as produced by the connector SDK (`z.toJSONSchema`). */
export const JsonSchemaSchema = z.record(z.string(), z.unknown());
export type JsonSchema = z.infer<typeof JsonSchemaSchema>;

export const CatalogActionSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  input: JsonSchemaSchema,
  output: JsonSchemaSchema,
});

export const CatalogConnectorSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  actions: z.array(CatalogActionSchema),
});

/**
 * What the engine knows of connectors: ids and schemas only, never code (as a Temporal workflow
 * knows activities by type). The runtime builds it from the connector registry.
 */
export const CatalogSchema = z.object({ connectors: z.array(CatalogConnectorSchema) });

export type Catalog = z.infer<typeof CatalogSchema>;
export type CatalogAction = z.infer<typeof CatalogActionSchema>;

export const emptyCatalog: Catalog = { connectors: [] };

/** The action named `connector.action`, if the catalog has it. */
export function findCatalogAction(catalog: Catalog, ref: string): CatalogAction | undefined {
  const dot = ref.indexOf('.');
  const connector = catalog.connectors.find((c) => c.id === ref.slice(0, dot));
  return connector?.actions.find((a) => a.id === ref.slice(dot + 1));
}
