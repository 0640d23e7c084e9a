import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyConnector } from '@flowline/connector-sdk';

const isConnector = (value: unknown): value is AnyConnector =>
  typeof value === 'object' &&
  value !== null &&
  'id' in value &&
  'actions' in value &&
  Array.isArray((value as { actions: unknown }).actions);

/**
 * Loads custom connectors listed in the configuration: package names or file paths whose module
 * exports `connector`, `connectors` (an array) or a default connector.
 */
export async function loadConnectors(
  specs: readonly string[],
  baseDir = process.cwd(),
): Promise<AnyConnector[]> {
  const loaded: AnyConnector[] = [];
  for (const spec of specs) {
    const isPath = spec.startsWith('.') || isAbsolute(spec);
    const target = isPath ? pathToFileURL(resolve(baseDir, spec)).href : spec;
    let module: Record<string, unknown>;
    try {
      module = (await import(target)) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`Cannot load connector module "${spec}": ${(error as Error).message}`, {
        cause: error,
      });
    }
    const found = [
      module['connector'],
      ...(Array.isArray(module['connectors']) ? module['connectors'] : []),
      module['default'],
    ].filter(isConnector);
    if (found.length === 0)
      throw new Error(
        `Connector module "${spec}" exports no connector (export \`connector\`, \`connectors\` or a default)`,
      );
    loaded.push(...new Set(found));
  }
  return loaded;
}
