import type { AnyConnector } from '@flowline/connector-sdk';
import { createBuiltinConnectors } from '@flowline/connectors';
import { createConnectorRegistry, type ConnectorRegistry } from '../connectors/registry';
import { loadConnectors } from '../connectors/loadConnectors';
import { UsageError } from './io';

/**
 * The connectors a definition is checked against: the built-ins, as a runtime has them, and the
 * modules named with --connector (as FLOWLINE_CONNECTORS names them to a runtime).
 */
export async function connectorCatalog(modules: readonly string[], cwd: string): Promise<ConnectorRegistry> {
  let custom: AnyConnector[];
  try {
    custom = await loadConnectors(modules, cwd);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return createConnectorRegistry([...createBuiltinConnectors(), ...custom]);
}
