// Rebuilds the runtime bundle (runtime/dist) when any file it was built from changed, as
// designer/scripts/designerBuild.ts does for the designer: the stamp holds the hash of every source
// file esbuild read last time (its metafile), so a changed, added (imported by a changed file) or
// removed source makes it stale. Packages from node_modules are covered by the lockfile.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleRuntime, ROOT, RUNTIME_ENTRIES } from './bundleRuntime';

/** A dotfile beside main.mjs: what the bundle was built from. */
const STAMP = '.bundle-stamp.json';
// Read by every build whatever the sources import: the bundler's own settings and the lockfile.
const ALWAYS = ['deploy/bundleRuntime.ts', 'deploy/externals.ts', 'pnpm-lock.yaml'];

interface Stamp {
  readonly hash: string;
  readonly inputs: readonly string[];
}

export type BundleState = 'missing' | 'stale' | 'fresh';

/** The hash of these files' paths and contents; undefined when one is gone. */
function hashFiles(files: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  for (const file of [...new Set([...ALWAYS, ...files])].sort()) {
    const path = join(ROOT, file);
    if (!existsSync(path)) return undefined;
    hash.update(file).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex');
}

const ownSources = (inputs: readonly string[]) =>
  inputs.filter((input) => !/(^|\/)node_modules\//.test(input) && !input.includes(':'));

function readStamp(outdir: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(join(outdir, STAMP), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/** Chunks of earlier bundles (their names hold a content hash): only the new bundle's stay. */
function removeOldChunks(outdir: string, outputs: readonly string[]): void {
  const chunks = join(outdir, 'chunks');
  if (!existsSync(chunks)) return;
  const kept = new Set(outputs.map((output) => resolve(ROOT, output)));
  for (const name of readdirSync(chunks)) {
    const path = join(chunks, name);
    if (!kept.has(path)) rmSync(path, { force: true });
  }
}

export function bundleState(outdir = resolve(ROOT, 'runtime/dist')): BundleState {
  const stamp = readStamp(outdir);
  const entries = Object.keys(RUNTIME_ENTRIES).map((name) => join(outdir, `${name}.mjs`));
  if (stamp === undefined || !entries.every((entry) => existsSync(entry))) return 'missing';
  return hashFiles(stamp.inputs) === stamp.hash ? 'fresh' : 'stale';
}

/** Bundles when missing or stale, saying what it does; returns the state found. */
export async function ensureRuntimeBundle(outdir = resolve(ROOT, 'runtime/dist')): Promise<BundleState> {
  const state = bundleState(outdir);
  if (state === 'fresh') {
    console.log('Runtime bundle is up to date.');
    return state;
  }
  console.log(
    state === 'missing'
      ? 'Bundling the runtime (first start)…'
      : 'Bundling the runtime again (sources changed)…',
  );
  const { ms, inputs, outputs } = await bundleRuntime(outdir);
  removeOldChunks(outdir, outputs);
  const sources = ownSources(inputs);
  const stamp: Stamp = { hash: hashFiles(sources) ?? '', inputs: sources };
  writeFileSync(join(outdir, STAMP), `${JSON.stringify(stamp)}\n`);
  console.log(`Runtime bundled into ${outdir} in ${(ms / 1000).toFixed(1)} s.`);
  return state;
}
