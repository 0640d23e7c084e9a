import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { createApiClient, type ApiClient } from '../../support/apiClient';
import { runtimeBundle } from '../../support/runtimeBundle';
import { startRuntime, type RuntimeProcess } from '../../support/startRuntime';
import { filesBytes } from './processes';
import { flowlineFiveSteps, flowlineWithCall } from './workflows';

const BENCH_CONNECTOR = fileURLToPath(new URL('../benchConnector.ts', import.meta.url));

export interface RunningFlowline {
  readonly url: string;
  /** Signed in as the first admin (metrics, instance lists). */
  readonly admin: ApiClient;
  readonly runtime: RuntimeProcess;
  readonly settings: Record<string, string>;
  databaseBytes(): number;
  stop(): Promise<void>;
}

interface FlowlineBundle {
  /** runtime/dist/main.mjs */
  readonly main: string;
  /** The bench connector as JavaScript with its dependencies, as the image wants a connector. */
  readonly connector: string;
}

let bundle: Promise<FlowlineBundle> | undefined;
/**
 * The runtime bundle `pnpm start` runs (runtime/dist/main.mjs, bundled again if its sources
 * changed) and the bench connector bundled: once per process, before the first run. The connector
 * as JavaScript, not TypeScript: loading a .ts file would bring tsx into the server (tens of MiB).
 */
export const flowlineBundle = (): Promise<FlowlineBundle> =>
  (bundle ??= (async () => {
    const main = await runtimeBundle();
    const connector = join(dirname(main), 'bench', 'benchConnector.mjs');
    await build({
      entryPoints: [BENCH_CONNECTOR],
      outfile: connector,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    return { main, connector };
  })());

/**
 * Flowline as `pnpm start` runs it (the runtime bundle under plain node, the embedded SQLite store
 * in WAL mode, each commit acknowledged after its WAL sync, every step and its history kept) on a
 * fresh data directory; the no-op is a custom connector module, bundled as the image would load
 * one (see flowlineBundle), the HTTP call the built-in http connector.
 */
export async function startFlowline(
  peerUrl: string,
  options: {
    /** Extra Node flags for the runtime process (e.g. --cpu-prof). */
    nodeArgs?: readonly string[];
    env?: Readonly<Record<string, string>>;
    /** Merged into FLOWLINE_LIMITS. */
    limits?: Record<string, unknown>;
  } = {},
): Promise<RunningFlowline> {
  // n8n limits no webhook's rate; one load generator is one client address here.
  const limits = JSON.stringify({ webhookCallsPerMinute: 100_000_000, ...options.limits });
  const settings = { FLOWLINE_LOG_LEVEL: 'warn', FLOWLINE_SEED_EXAMPLES: 'false', FLOWLINE_LIMITS: limits };
  const built = await flowlineBundle();
  const runtime = await startRuntime({
    bundle: built.main,
    connectors: [built.connector],
    logLevel: 'warn',
    seedExamples: false,
    env: { FLOWLINE_LIMITS: limits, ...options.env },
    nodeArgs: options.nodeArgs ?? [],
  });
  const admin = createApiClient(runtime.url);
  await admin.signInFirstTime('admin@localhost', runtime.adminPassword ?? '');
  const connection = await admin.put('/api/connections/http/peer', { settings: { baseUrl: peerUrl } });
  if (connection.status !== 200)
    throw new Error(`the peer connection was refused: ${JSON.stringify(connection.body)}`);
  for (const definition of [flowlineFiveSteps, flowlineWithCall]) {
    const saved = await admin.put(`/api/definitions/${definition.id}`, { definition, draftRev: 0 });
    const published = await admin.post(`/api/definitions/${definition.id}/publish`);
    if (saved.status !== 200 || published.status !== 201)
      throw new Error(`publishing ${definition.id} failed: ${JSON.stringify([saved.body, published.body])}`);
  }
  const db = join(runtime.dataDir, 'flowline.db');
  return {
    url: runtime.url,
    admin,
    runtime,
    settings,
    databaseBytes: () => filesBytes([db, `${db}-wal`, `${db}-shm`]),
    stop: () => runtime.stop(),
  };
}
