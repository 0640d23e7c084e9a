import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyConnector } from '@flowline/connector-sdk';

const isConnector = (value: unknown): value is AnyConnector =>
  typeof value === 'object' &&
  value !== null &&
  'id' in value &&
  'actions' in value &&
  Array.isArray((value as { actions: unknown }).actions);

/** Node's refusal of a file it cannot run: under plain node 20, any TypeScript file. */
const isUnknownExtension = (error: unknown) =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_UNKNOWN_FILE_EXTENSION';

const loadError = (spec: string, error: unknown) =>
  new Error(`Cannot load connector module "${spec}": ${(error as Error).message}`, { cause: error });

type TsImport = (specifier: string, parentURL: string) => Promise<unknown>;

/** tsx's scoped import; tsx is a development dependency, so the image has none. */
async function loadTsx(spec: string, refusal: unknown): Promise<TsImport> {
  try {
    return (await import('tsx/esm/api')).tsImport;
  } catch {
    throw new Error(
      `Cannot load connector module "${spec}": it is TypeScript (${(refusal as Error).message}), which ` +
        'plain node does not run, and tsx is not installed to load it. Compile the connector to ' +
        'JavaScript bundled with its dependencies (e.g. `esbuild --bundle --format=esm --platform=node`), ' +
        'or install tsx beside the runtime.',
      { cause: refusal },
    );
  }
}

/**
 * Imports a connector module. One written in TypeScript (or importing TypeScript, like the
 * workspace's SDK sources) fails under plain node 20 — the bundle `pnpm start` and the image run —
 * and is imported again through tsx. Scoped (tsImport): its module URLs are tsx's own, so the
 * module that just failed is not answered from node's cache, and nothing else is transformed.
 */
async function importConnectorModule(spec: string, target: string): Promise<Record<string, unknown>> {
  let refusal: unknown;
  try {
    return (await import(target)) as Record<string, unknown>;
  } catch (error) {
    if (!isUnknownExtension(error)) throw loadError(spec, error);
    refusal = error;
  }
  const tsImport = await loadTsx(spec, refusal);
  try {
    return (await tsImport(target, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw loadError(spec, error);
  }
}

/**
 * Loads custom connectors listed in the configuration: package names or file paths whose module
 * exports `connector`, `connectors` (an array) or a default connector. A TypeScript file loads
 * through tsx when node alone cannot run it (see importConnectorModule).
 */
export async function loadConnectors(
  specs: readonly string[],
  baseDir = process.cwd(),
): Promise<AnyConnector[]> {
  const loaded: AnyConnector[] = [];
  for (const spec of specs) {
    const isPath = spec.startsWith('.') || isAbsolute(spec);
    const target = isPath ? pathToFileURL(resolve(baseDir, spec)).href : spec;
    const module = await importConnectorModule(spec, target);
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
