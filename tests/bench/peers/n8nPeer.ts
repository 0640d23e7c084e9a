import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesBytes, startChild, waitForHttp, type Child } from './processes';

// The peer, pinned: the 1.x line (2.x needs Node ≥ 24). Its install builds sqlite3 from source
// (minutes, once) and needs two pins on this Node: xlsx from the registry (n8n names a CDN
// tarball) and isolated-vm 5 (6 needs Node 22).
export const N8N_VERSION = '1.123.81';
const PINS = { xlsx: '0.18.5', 'isolated-vm': '5.0.4' };

export const n8nHome = () =>
  join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'flowline-peers', `n8n-${N8N_VERSION}`);
const bin = () => join(n8nHome(), 'node_modules', 'n8n', 'bin', 'n8n');

/** Installs n8n into the cache directory outside the repository, once. */
export function ensureN8n(log: (line: string) => void): void {
  if (existsSync(bin())) return;
  const home = n8nHome();
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(home, 'package.json'),
    JSON.stringify(
      { name: 'flowline-peer-n8n', private: true, dependencies: { n8n: N8N_VERSION }, overrides: PINS },
      null,
      2,
    ),
  );
  log(
    `installing n8n ${N8N_VERSION} into ${home} (sqlite3 builds from source: minutes — about 4 on a quiet machine, 24 measured at load 17 — once)`,
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: home,
    stdio: 'inherit',
    env: { ...process.env, npm_config_nodedir: process.env['npm_config_nodedir'] ?? '/usr' },
  });
}

/** One way of running n8n: its defaults, or its fastest settings. */
export interface N8nVariant {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
}

export const N8N_VARIANTS: readonly N8nVariant[] = [
  { name: 'n8n defaults', env: {} },
  // Its fastest on 1.123: the legacy expression engine (not isolated-vm) and a WAL pool.
  { name: 'n8n fastest', env: { N8N_EXPRESSION_ENGINE: 'legacy', DB_SQLITE_POOL_SIZE: '2' } },
];

export interface RunningN8n {
  readonly url: string;
  readonly child: Child;
  readonly settings: Record<string, string>;
  /** The database's journal mode as its file header says (WAL, or rollback journal). */
  journalMode(): string;
  databaseBytes(): number;
  stop(): Promise<void>;
}

export async function startN8n(
  variant: N8nVariant,
  port: number,
  workflows: readonly object[],
): Promise<RunningN8n> {
  const folder = mkdtempSync(join(tmpdir(), 'peer-n8n-'));
  const settings: Record<string, string> = {
    N8N_USER_FOLDER: folder,
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    DB_TYPE: 'sqlite',
    N8N_LOG_LEVEL: 'warn',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    // Executions are saved as n8n saves them by default (EXECUTIONS_DATA_SAVE_ON_SUCCESS=all,
    // …ON_ERROR=all): not set here, so its defaults hold.
    ...variant.env,
  };
  const env = { ...process.env, ...settings };
  const dir = join(folder, 'import');
  mkdirSync(dir);
  workflows.forEach((workflow, i) => writeFileSync(join(dir, `${i}.json`), JSON.stringify(workflow)));
  // Its own import command, then activation: the webhooks listen once `n8n start` runs.
  execFileSync(process.execPath, [bin(), 'import:workflow', '--separate', `--input=${dir}`], {
    env,
    stdio: 'pipe',
  });
  execFileSync(process.execPath, [bin(), 'update:workflow', '--all', '--active=true'], {
    env,
    stdio: 'pipe',
  });
  const child = startChild(process.execPath, [bin(), 'start'], { env });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, 180_000, child);
  // /healthz answers before the active workflows' webhooks are registered: wait for those.
  for (const workflow of workflows as { nodes: { parameters: { path?: string } }[] }[]) {
    const path = workflow.nodes[0]?.parameters.path;
    const until = Date.now() + 120_000;
    for (;;) {
      const answer = await fetch(`${url}/webhook/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n: 7 }),
      }).catch(() => undefined);
      await answer?.text();
      if (answer && answer.status !== 404) break;
      if (Date.now() > until)
        throw new Error(`n8n never registered the webhook ${path}:\n${child.output().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const db = join(folder, '.n8n', 'database.sqlite');
  return {
    url,
    child,
    settings,
    journalMode: () => journalModeOf(db),
    databaseBytes: () => filesBytes([db, `${db}-wal`, `${db}-shm`, `${db}-journal`]),
    stop: () => child.stop(),
  };
}

/** SQLite's file header, bytes 18 and 19: 2 is WAL, 1 the rollback journal. */
export function journalModeOf(path: string): string {
  try {
    const fd = openSync(path, 'r');
    const header = Buffer.alloc(20);
    readSync(fd, header, 0, 20, 0);
    closeSync(fd);
    return header[18] === 2 ? 'WAL' : 'rollback journal';
  } catch {
    return 'unknown';
  }
}
