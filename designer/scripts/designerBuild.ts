import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root (designer/scripts/../..). */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DESIGNER = join(ROOT, 'designer');
export const DIST = join(DESIGNER, 'dist');
/** A dotfile: the runtime never serves dotfiles. */
export const STAMP = join(DIST, '.build-stamp');

// What the build reads: the designer's sources and config, the engine it bundles, the lockfile.
const INPUTS = [
  'designer/src',
  'designer/public',
  'designer/index.html',
  'designer/vite.config.ts',
  // The build's own check, imported by the config.
  'designer/scripts/noEvalFirst.ts',
  'designer/package.json',
  'designer/tsconfig.json',
  'engine/src',
  'engine/package.json',
  'pnpm-lock.yaml',
];
const SKIP = /(^|\/)(node_modules|dist)(\/|$)|\.test\.tsx?$/;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    return SKIP.test(relative(ROOT, child)) ? [] : filesUnder(child);
  });
}

/** A hash of every input's path and content: equal hashes, equal builds. */
export function inputsHash(): string {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((input) => filesUnder(join(ROOT, input))).sort();
  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export type BuildState = 'missing' | 'stale' | 'fresh';

export function buildState(hash = inputsHash()): BuildState {
  if (!existsSync(join(DIST, 'index.html')) || !existsSync(STAMP)) return 'missing';
  return readFileSync(STAMP, 'utf8').trim() === hash ? 'fresh' : 'stale';
}

/** Runs `vite build` in designer/ (through Node, so no pnpm is needed) and stamps the result. */
export function build(hash = inputsHash()): { ms: number } {
  const vite = join(
    resolve(createRequire(join(DESIGNER, 'package.json')).resolve('vite/package.json'), '..'),
    'bin',
    'vite.js',
  );
  const started = performance.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: DESIGNER,
    stdio: 'inherit',
    // Always a production build: under vitest NODE_ENV is 'test', which would bundle React's
    // development build and stamp it as fresh for `pnpm start` to serve.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`The designer build failed (vite exited with ${result.status}).`);
  writeFileSync(STAMP, `${hash}\n`);
  return { ms: Math.round(performance.now() - started) };
}
