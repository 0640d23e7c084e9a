import { toCatalogEntry, type AnyConnector } from '@flowline/connector-sdk';
import type { Catalog } from '@flowline/engine';

/**
 * The connectors this runtime can run, by id. The engine and the designer see only the catalog
 * (ids and JSON Schemas); the job worker sees the code.
 */
export function createConnectorRegistry(connectors: readonly AnyConnector[]) {
  const byId = new Map<string, AnyConnector>();
  for (const connector of connectors) {
    if (byId.has(connector.id)) throw new Error(`Two connectors have the id "${connector.id}"`);
    byId.set(connector.id, connector);
  }
  const entries = [...byId.values()].map(toCatalogEntry);
  const catalog: Catalog = { connectors: entries as unknown as Catalog['connectors'] };
  return {
    get: (id: string) => byId.get(id),
    catalog: () => catalog,
    entries: () => entries,
  };
}

export type ConnectorRegistry = ReturnType<typeof createConnectorRegistry>;
