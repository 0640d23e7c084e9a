import { toCatalogEntry, type AnyConnector, type CatalogEntry } from '@flowline/connector-sdk';
import type { Catalog } from '@flowline/engine';

/**
 * The connectors this runtime can run, by id. The engine and the designer see only the catalog
 * (ids and JSON Schemas); the job worker sees the code.
 */
export function createConnectorRegistry(connectors: readonly AnyConnector[]) {
  const byId = new Map<string, AnyConnector>();
  for (const connector of connectors) {
    const taken = byId.get(connector.id);
    if (taken) {
      // Built-ins come first, so `taken` is the built-in when a custom connector reuses its id.
      throw new Error(
        `Two connectors have the id "${connector.id}" ("${taken.title}" and "${connector.title}"): ` +
          'workflows name a connector by its id, so each needs its own; give the later one another id',
      );
    }
    byId.set(connector.id, connector);
  }
  const entries = [...byId.values()].map(toCatalogEntry);
  const catalog: Catalog = { connectors: entries as unknown as Catalog['connectors'] };
  const needs = new Map(entries.map((entry) => [entry.id, connectionFields(entry)]));
  return {
    get: (id: string) => byId.get(id),
    catalog: () => catalog,
    entries: () => entries,
    entry: (id: string) => entries.find((entry) => entry.id === id),
    /**
     * What a connection must give the connector (its required settings, then its required
     * credentials); empty when it runs without one. Publishing warns, and a call fails plainly,
     * when a step that needs one has none.
     */
    connectionNeeds: (id: string): readonly string[] => needs.get(id) ?? [],
  };
}

function connectionFields(entry: CatalogEntry): string[] {
  const requiredOf = (schema: unknown): string[] => {
    const required = (schema as { required?: unknown } | undefined)?.required;
    return Array.isArray(required) ? required.filter((key): key is string => typeof key === 'string') : [];
  };
  return [...requiredOf(entry.settings), ...requiredOf(entry.credentials.schema)];
}

export type ConnectorRegistry = ReturnType<typeof createConnectorRegistry>;
