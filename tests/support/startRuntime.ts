import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RUNTIME_NODE_FLAGS } from '../../runtime/src/processFlags';

const MAIN = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../runtime/src/main.ts');
// tsx is a root devDependency: resolved from here, so the child's cwd does not matter.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const READY_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 15_000;
const OUTPUT_LIMIT = 256 * 1024;

export interface StartRuntimeOptions {
  /** Reuse a data directory (another replica, or a restart); a fresh temp dir otherwise. */
  readonly dataDir?: string;
  readonly port?: number;
  readonly seedExamples?: boolean;
  readonly cronTickMs?: number;
  /** FLOWLINE_TEST_CLOCK: the clock moves forward through POST /api/test/clock (see testClock.ts). */
  readonly testClock?: boolean;
  /** Absolute paths of connector modules (FLOWLINE_CONNECTORS). */
  readonly connectors?: readonly string[];
  readonly logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  readonly env?: Readonly<Record<string, string>>;
  /** Extra Node flags for the runtime process (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  readonly nodeArgs?: readonly string[];
  /**
   * A bundled main.mjs (tests/support/runtimeBundle.ts) to run with plain node, as `pnpm start`
   * and the image do; the sources under tsx otherwise.
   */
  readonly bundle?: string;
}

/** One runtime process (and its restarts) on 127.0.0.1. */
export interface RuntimeProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Printed on the first start of an empty data directory only. */
  readonly adminPassword: string | undefined;
  /** Everything the process (all its starts) wrote, for failure messages. */
  output(): string;
  isRunning(): boolean;
  /** The current process's id (for its RSS in benchmarks). */
  pid(): number | undefined;
  /** SIGKILL: no shutdown hook runs, like a power cut for the process. */
  kill9(): Promise<void>;
  /** Starts again on the same port and data directory; resolves when ready. */
  restart(): Promise<void>;
  /** SIGTERM (graceful shutdown), waiting for the exit; SIGKILL if it hangs. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// One key-encryption key per data directory (replicas and restarts share it), passed by env so
// no runtime writes its default key file into the home directory of whoever runs the tests.
const masterKeys = new Map<string, string>();
const masterKeyFor = (dataDir: string) => {
  let key = masterKeys.get(dataDir);
  if (key === undefined) {
    key = randomBytes(32).toString('base64');
    masterKeys.set(dataDir, key);
  }
  return key;
};
const ownedDataDirs = new Set<string>();
// Last resort if the test process itself goes away: no runtime outlives it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Kills every runtime process still alive and removes the temp data directories `startRuntime`
 * created itself; for afterAll (it runs even when a test failed), safe to call more than once.
 */
export async function killAllRuntimes(): Promise<void> {
  await Promise.all([...live].map((child) => killChild(child, 'SIGKILL', STOP_DEADLINE_MS)));
  for (const dir of ownedDataDirs) rmSync(dir, { recursive: true, force: true });
  ownedDataDirs.clear();
}

/** A port nobody listens on right now: listen on port 0, read it, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function createTempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `flowline-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Spawns `runtime/src/main.ts` (or `options.bundle`) with a temp data dir on a free port and waits
 * for GET /readyz.
 */
export async function startRuntime(options: StartRuntimeOptions = {}): Promise<RuntimeProcess> {
  const port = options.port ?? (await freePort());
  let dataDir = options.dataDir;
  if (dataDir === undefined) {
    dataDir = createTempDir('data').path;
    ownedDataDirs.add(dataDir);
  }
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FLOWLINE_PORT: String(port),
    FLOWLINE_HOST: '127.0.0.1',
    FLOWLINE_DATA_DIR: dataDir,
    FLOWLINE_SEED_EXAMPLES: String(options.seedExamples ?? false),
    FLOWLINE_LOG_LEVEL: options.logLevel ?? 'warn',
    FLOWLINE_CONNECTORS: JSON.stringify(options.connectors ?? []),
    FLOWLINE_NETWORK: JSON.stringify({ allowLoopback: true }),
    FLOWLINE_MASTER_KEY: masterKeyFor(dataDir),
    ...(options.cronTickMs !== undefined ? { FLOWLINE_CRON_TICK_MS: String(options.cronTickMs) } : {}),
    ...(options.testClock ? { FLOWLINE_TEST_CLOCK: '1' } : {}),
    ...options.env,
  };
  let output = '';
  let child: ChildProcess | undefined;
  let adminPassword: string | undefined;

  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
    adminPassword ??= /one-time password: (\S+)/.exec(output)?.[1];
  };

  async function launch(): Promise<void> {
    output += `\n--- start at ${new Date().toISOString()} ---\n`;
    const entry =
      options.bundle === undefined
        ? ['--import', TSX_LOADER, MAIN]
        : ['--enable-source-maps', options.bundle];
    const started = spawn(process.execPath, [...RUNTIME_NODE_FLAGS, ...(options.nodeArgs ?? []), ...entry], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    live.add(started);
    started.once('exit', () => live.delete(started));
    started.stdout?.on('data', append);
    started.stderr?.on('data', append);
    await waitUntilReady(url, started, () => output);
  }

  await launch();
  return {
    url,
    port,
    dataDir,
    get adminPassword() {
      return adminPassword;
    },
    output: () => output,
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    pid: () => child?.pid,
    async kill9() {
      if (child) await killChild(child, 'SIGKILL', STOP_DEADLINE_MS);
    },
    async restart() {
      if (child) await killChild(child, 'SIGKILL', STOP_DEADLINE_MS);
      await launch();
    },
    async stop() {
      if (child) await killChild(child, 'SIGTERM', STOP_DEADLINE_MS);
    },
  };
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function killChild(child: ChildProcess, signal: NodeJS.Signals, deadlineMs: number): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill(signal);
  const timedOut = await Promise.race([
    gone.then(() => false),
    new Promise<boolean>((done) => setTimeout(() => done(true), deadlineMs).unref()),
  ]);
  if (timedOut && !exited(child)) {
    child.kill('SIGKILL');
    await gone;
  }
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (exited(child))
      throw new Error(`The runtime exited (code ${child.exitCode}, ${child.signalCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await killChild(child, 'SIGKILL', STOP_DEADLINE_MS);
  throw new Error(`The runtime was not ready within ${READY_DEADLINE_MS} ms:\n${output()}`);
}
