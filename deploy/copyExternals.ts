// Copies the packages the runtime bundle leaves outside (deploy/externals.ts) into a flat
// node_modules for the image, each with its dependencies, exactly as the frozen-lockfile install
// resolved them (no second resolution against the registry, unlike `pnpm deploy --legacy`).
//   tsx deploy/copyExternals.ts <out>/node_modules
import { cpSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REQUIRED_EXTERNALS } from './externals';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Where Node would find package `name` from directory `from` (node_modules lookup upwards). */
export function findPackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package the roots need, name → installed directory; throws when a required one is missing. */
export function closure(from: string, roots: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string, name: string, required: boolean) => {
    const at = findPackage(dir, name);
    if (at === undefined) {
      if (required) throw new Error(`${name} is not installed (from ${dir})`);
      return;
    }
    const known = found.get(name);
    if (known !== undefined) {
      if (known !== at)
        throw new Error(`${name} is installed twice (${known}, ${at}): a flat node_modules cannot hold both`);
      return;
    }
    found.set(name, at);
    const manifest = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as Manifest;
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(at, dep, true);
    // Platform binaries and optional peers: what this platform's install has.
    for (const dep of Object.keys({ ...manifest.optionalDependencies, ...manifest.peerDependencies }))
      visit(at, dep, false);
  };
  for (const root of roots) visit(from, root, true);
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? 'dist/node_modules');
  const packages = closure(resolve('runtime'), REQUIRED_EXTERNALS);
  for (const [name, dir] of packages) cpSync(dir, join(out, name), { recursive: true, dereference: true });
  console.log(`Copied ${packages.size} packages into ${out}: ${[...packages.keys()].sort().join(', ')}`);
}
