import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil } from '../support/apiClient';
import { createTempDir, freePort, killAllRuntimes, startRuntime } from '../support/startRuntime';

const MAIN = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../runtime/src/main.ts');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Every wait here is bounded: a runtime that neither works nor exits fails the test, then is killed. */
const DEADLINE_MS = 30_000;
const EXIT_OUTPUT_FAILED = 74;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

const children = new Set<ChildProcess>();

/** `pnpm start`'s process (main.ts under tsx) with stdout where the test says, stderr captured. */
function spawnRuntime(options: {
  dataDir: string;
  stdout: number | 'pipe';
  env?: Record<string, string>;
  port: number;
}) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], {
    env: {
      ...process.env,
      FLOWLINE_PORT: String(options.port),
      FLOWLINE_HOST: '127.0.0.1',
      FLOWLINE_DATA_DIR: options.dataDir,
      FLOWLINE_SEED_EXAMPLES: 'false',
      FLOWLINE_MASTER_KEY: randomBytes(32).toString('base64'),
      ...options.env,
    },
    stdio: ['ignore', options.stdout, 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      done({ code, signal, stderr });
    }),
  );
  /** The exit, or undefined if it is still running at the deadline (then it is killed). */
  const exitWithin = async (ms: number): Promise<Exit | undefined> => {
    const result = await Promise.race([exited, sleep(ms).then(() => undefined)]);
    if (result === undefined) child.kill('SIGKILL');
    return result;
  };
  return { child, exitWithin, stderr: () => stderr };
}

async function waitReady(url: string, running: () => boolean): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline && running()) {
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error('the runtime did not get ready');
}

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
});
afterAll(() => killAllRuntimes());

describe('a runtime that cannot write its log', () => {
  it.skipIf(!existsSync('/dev/full'))(
    'exits at once with a non-zero code and says why, instead of hanging (stdout on /dev/full)',
    async () => {
      const data = createTempDir('log-full');
      const devFull = openSync('/dev/full', 'w');
      try {
        const runtime = spawnRuntime({ dataDir: data.path, stdout: devFull, port: await freePort() });
        const exit = await runtime.exitWithin(DEADLINE_MS);
        expect(exit, `still running after ${DEADLINE_MS} ms:\n${runtime.stderr()}`).toBeDefined();
        expect(exit?.code).toBe(EXIT_OUTPUT_FAILED);
        expect(exit?.stderr).toMatch(
          /^flowline: cannot write the log \(stdout\) \(ENOSPC: no space left on device/m,
        );
      } finally {
        closeSync(devFull);
        data.remove();
      }
    },
  );
});

describe('a start without room for the data', () => {
  it('refuses in one sentence naming the directory, not with an SQLite stack', async () => {
    const data = createTempDir('no-room');
    try {
      const runtime = spawnRuntime({
        dataDir: data.path,
        stdout: 'pipe',
        port: await freePort(),
        // Demands more free space than any disk has: the check a nearly full disk fails.
        env: { FLOWLINE_LIMITS: JSON.stringify({ storage: { minFreeBytes: Number.MAX_SAFE_INTEGER } }) },
      });
      const exit = await runtime.exitWithin(DEADLINE_MS);
      expect(exit?.code).toBe(1);
      expect(exit?.stderr.trim()).toMatch(
        new RegExp(`^The data directory ${data.path} has .* free; Flowline needs at least .* there\\.`),
      );
      expect(exit?.stderr).not.toMatch(/^\s+at /m);
    } finally {
      data.remove();
    }
  });
});

/** A real small filesystem (tmpfs), when this machine lets the tests mount one (root, CAP_SYS_ADMIN). */
function mountSmallDisk(
  megabytes: number,
): { path: string; fill(): void; free(): void; unmount(): void } | undefined {
  const dir = createTempDir('disk');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir.path], {
      stdio: 'ignore',
    });
  } catch {
    dir.remove();
    return undefined;
  }
  const filler = join(dir.path, 'filler');
  return {
    path: dir.path,
    /** Writes until the filesystem says it is full. */
    fill() {
      const chunk = Buffer.alloc(256 * 1024);
      try {
        for (;;) appendFileSync(filler, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount() {
      execFileSync('umount', ['-l', dir.path], { stdio: 'ignore' });
      dir.remove();
    },
  };
}

const canMount = (() => {
  const probe = mountSmallDisk(1);
  probe?.unmount();
  return probe !== undefined;
})();

describe.skipIf(!canMount)('on a real disk that fills up (tmpfs; needs root to mount)', () => {
  it('is not ready and refuses writes with 503 while it is full, serves reads, and recovers when space returns', async () => {
    const disk = mountSmallDisk(32)!;
    try {
      const runtime = await startRuntime({ dataDir: join(disk.path, 'data') });
      const api = createApiClient(runtime.url);
      await api.signInFirstTime('admin@localhost', runtime.adminPassword ?? '');
      const draft = (id: string) => ({
        definition: {
          schemaVersion: 1,
          id,
          name: id,
          nodes: [
            { id: 'start', name: 'Start', kind: 'trigger', trigger: { type: 'manual' } },
            { id: 'pause', name: 'Pause', kind: 'wait', wait: { type: 'duration', duration: 'PT2S' } },
            { id: 'done', name: 'Done', kind: 'end' },
          ],
          edges: [
            { id: 'e1', source: 'start', target: 'pause' },
            { id: 'e2', source: 'pause', target: 'done' },
          ],
        },
        draftRev: 0,
      });
      expect((await api.put('/api/definitions/waits', draft('waits'))).status).toBe(200);
      expect((await api.post('/api/definitions/waits/publish')).status).toBe(201);
      const started = await api.post<{ id: string }>('/api/instances', { workflowId: 'waits', input: {} });
      expect(started.status).toBe(201);

      disk.fill();
      const refused = await api.put('/api/definitions/during', draft('during'));
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'STORE_UNAVAILABLE', reason: 'disk-full' });
      expect((await api.get('/readyz')).body).toEqual({ status: 'store unavailable', reason: 'disk-full' });
      expect((await api.get('/api/definitions')).status).toBe(200);
      expect((await api.get(`/api/instances/${started.body.id}`)).body).toMatchObject({ status: 'running' });
      expect((await api.get('/healthz')).status).toBe(200);
      // The wait falls due while the disk is full: the timer service's claims fail poll after poll.
      await sleep(3000);
      // The condition is logged when it starts, not by every poll of every loop.
      expect(runtime.output()).not.toMatch(/claiming jobs failed|firing timers failed/);
      expect(runtime.output()).toContain('the store cannot commit');

      disk.free();
      expect((await api.get('/readyz')).body).toEqual({ status: 'ready' });
      expect((await api.put('/api/definitions/after', draft('after'))).status).toBe(200);
      // The instance that waited through it goes on.
      await pollUntil(
        'the waiting instance to complete',
        async () => {
          const instance = await api.get<{ status: string }>(`/api/instances/${started.body.id}`);
          return instance.body.status === 'completed' ? true : undefined;
        },
        { timeoutMs: DEADLINE_MS },
      );
      expect(runtime.isRunning()).toBe(true);
      await runtime.stop();
    } finally {
      disk.unmount();
    }
  });

  it('exits non-zero instead of hanging when its log is on that disk too', async () => {
    const disk = mountSmallDisk(32)!;
    const log = join(disk.path, 'flowline.log');
    const logFd = openSync(log, 'a');
    try {
      const port = await freePort();
      const runtime = spawnRuntime({ dataDir: join(disk.path, 'data'), stdout: logFd, port });
      const url = `http://127.0.0.1:${port}`;
      await waitReady(url, () => runtime.child.exitCode === null);
      const password = /one-time password: (\S+)/.exec(readFileSync(log, 'utf8'))?.[1] ?? '';

      disk.fill();
      // The log file's last block may have room left: use it up, so the next log line cannot be written.
      try {
        for (;;) appendFileSync(log, 'x'.repeat(512));
      } catch {
        // ENOSPC: full to the last byte.
      }
      // A sign-in writes a session: the store refuses it, which the runtime logs, which fails.
      await createApiClient(url)
        .signIn('admin@localhost', password)
        .catch(() => undefined);
      const exit = await runtime.exitWithin(DEADLINE_MS);
      expect(exit, `the runtime neither answered nor exited within ${DEADLINE_MS} ms`).toBeDefined();
      expect(exit?.code).toBe(EXIT_OUTPUT_FAILED);
      expect(exit?.stderr).toContain('flowline: cannot write the log');
    } finally {
      closeSync(logFd);
      disk.unmount();
    }
  });

  it('refuses to start on a read-only data directory, in a sentence', async () => {
    const disk = mountSmallDisk(32)!;
    const data = join(disk.path, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'signing.key'), 'x'.repeat(43));
    const readOnly = createTempDir('read-only');
    try {
      execFileSync('mount', ['--bind', data, readOnly.path], { stdio: 'ignore' });
      execFileSync('mount', ['-o', 'remount,ro,bind', readOnly.path], { stdio: 'ignore' });
      const runtime = spawnRuntime({ dataDir: readOnly.path, stdout: 'pipe', port: await freePort() });
      const exit = await runtime.exitWithin(DEADLINE_MS);
      expect(exit?.code).toBe(1);
      expect(exit?.stderr.trim()).toBe(
        `The data directory ${readOnly.path} is read-only; Flowline keeps its database there, so mount it read-write and start again.`,
      );
    } finally {
      execFileSync('umount', ['-l', readOnly.path], { stdio: 'ignore' });
      readOnly.remove();
      disk.unmount();
    }
  });
});
